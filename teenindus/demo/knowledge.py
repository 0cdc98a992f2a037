"""Demo guides: case guides and answers for the demo topic tree, some with several versions, one
past its review date, with queues and a few contacts they solved.

Idempotent: a guide is looked up by its title (the demo's natural key) and left as it is when
found. The search recall test (knowledge/tests/test_search_recall.py) loads these same guides."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from teenindus.accounts import roles
from teenindus.contacts.models import Contact, Topic
from teenindus.demo import data
from teenindus.knowledge import services
from teenindus.knowledge.models import Guide, GuideStatus, GuideUse
from teenindus.telephony.models import Queue

SKA = "https://www.sotsiaalkindlustusamet.ee"


@dataclass(frozen=True)
class DemoGuide:
    key: str  # the recall test names guides by this key
    title: str
    topics: tuple[str, ...]  # topic names (children of the demo tree)
    queues: tuple[str, ...]  # queue names
    body: str
    owner: str = "juht"
    review_days: int = 180  # from today; negative: past its review date
    earlier: tuple[tuple[str, str, str], ...] = ()  # older versions: (title, body, what changed next)
    status: str = GuideStatus.PUBLISHED
    uses: int = 0  # contacts of its topic it solved


GUIDES = [
    DemoGuide(
        "vanaduspension",
        "Vanaduspensioni taotlemine",
        ("Vanaduspension",),
        ("pensionid",),
        f"""Vanaduspensioni saab taotleda, kui inimene on jõudnud pensioniikka ja tal on Eestis vähemalt
15 aastat pensionistaaži.

- Avalduse võib esitada **kuni kaks kuud enne** pensioniikka jõudmist.
- Avalduse saab esitada e-teeninduses, e-postiga digiallkirjastatult või klienditeeninduses.
- Pension määratakse avalduse esitamise päevast, kuid mitte varem kui pensioniea saabumisest.

Kui helistaja küsib, kas tal on õigus pensionile jääda, kontrolli staaži ja sünniaastat ning
selgita, millal ta pensioniikka jõuab.
Pensioniea kalkulaator: [pensioniiga]({SKA}/et/pension-toetused-huvitised).""",
        review_days=240,
        earlier=(
            (
                "Vanaduspension",
                "Vanaduspensioni saab taotleda pensioniikka jõudmisel. Avaldus e-teeninduses või büroos.",
                "Lisatud staažinõue ja tähtajad",
            ),
            (
                "Vanaduspensioni taotlemine",
                "Vanaduspensioni saab taotleda, kui inimene on jõudnud pensioniikka ja tal on Eestis "
                "vähemalt 15 aastat pensionistaaži. Avalduse võib esitada kuni kaks kuud enne "
                "pensioniikka jõudmist.",
                "Lisatud avalduse esitamise viisid ja kalkulaator",
            ),
        ),
        uses=5,
    ),
    DemoGuide(
        "ennetahtaegne",
        "Ennetähtaegne vanaduspension",
        ("Vanaduspension",),
        ("pensionid",),
        """Ennetähtaegselt saab pensionile jääda kuni **viis aastat** enne vanaduspensioniiga, kui
pensionistaaži on vähemalt 15 aastat.

1. Pension väheneb iga ennetähtaegselt pensionil oldud kuu eest 0,4%.
2. Vähendus jääb kogu eluks.
3. Ennetähtaegse pensioni saaja ei tohi samal ajal töötada palgatööl; töötamise korral pensioni
   maksmine peatatakse.

Soovita enne avaldust arvutada, kui palju pension väheneb.""",
        uses=2,
    ),
    DemoGuide(
        "paindlik",
        "Paindlik pensioniiga ja pensioni edasilükkamine",
        ("Vanaduspension",),
        ("pensionid",),
        """Alates 2027. aastast saab pensioni võtta paindlikult: osaliselt (pool pensionist) või
edasi lükata.

- Edasilükatud pension suureneb iga kuu eest 0,9%.
- Poole pensioni võtmise ajal suureneb ülejäänud osa.
- Otsust saab muuta üks kord aastas.

Edasilükkamiseks ei pea avaldust esitama: pensioni lihtsalt ei taotleta enne soovitud aega.""",
    ),
    DemoGuide(
        "valismaale",
        "Pensioni maksmine välismaale elama asumisel",
        ("Vanaduspension", "Kojukanne"),
        ("pensionid", "üldinfo"),
        """Kui pensionär kolib välisriiki, jätkub pensioni maksmine sõltuvalt riigist:

- **Euroopa Liidu, EMP riikides ja Šveitsis** makstakse pensioni edasi, konto võib olla elukohariigis.
- Lepinguriikides (nt Ukraina, Kanada, Austraalia) makstakse lepingu järgi.
- Muudesse riikidesse pensioni välja ei maksta, välja arvatud erandid.

Elukoha muutmisest tuleb teatada rahvastikuregistrisse ja ametile. Välismaal elav pensionär
esitab kord aastas **elusoleku tõendi**.""",
        uses=1,
    ),
    DemoGuide(
        "toitjakaotus",
        "Toitjakaotuspensioni taotlemine",
        ("Toitjakaotuspension",),
        ("pensionid",),
        """Toitjakaotuspensioni saavad perekonnaliikmed, kes olid surnud toitja ülalpidamisel:
alaealised lapsed, kuni 24-aastased õppivad lapsed ja töövõimetu abikaasa.

Avaldusele lisa surmatunnistus (kui surm ei ole registreeritud Eestis) ja õppiva lapse puhul
õppeasutuse tõend. Pension makstakse toitja surmast alates, kui avaldus esitatakse 12 kuu
jooksul.""",
        uses=1,
    ),
    DemoGuide(
        "umberarvutus",
        "Pensioni ümberarvutus: staažilisa ja lapsetõusud",
        ("Pensioni ümberarvutus",),
        ("pensionid",),
        """Pensioni arvutatakse ümber, kui lisandub staaži või kui pensionär saab õiguse lapsetõusule.

- **Lapsetõus** (lapsepõlvest tulenev lisa) määratakse emale või isale, kes kasvatas last Eestis
  vähemalt kaheksa aastat; avaldusele ei ole vaja lisada dokumente, kui lapsed on rahvastikuregistris.
- Töötamise ajal kogunenud kindlustusosak lisatakse pensionile igal aastal 1. aprillil automaatselt.
- Staažilisa NSV Liidu aegse staaži eest arvestatakse tööraamatu alusel.

Ümberarvutatud pensioni makstakse avalduse esitamise kuu 1. kuupäevast.""",
        earlier=(
            (
                "Pensioni ümberarvutus",
                "Pensioni arvutatakse ümber, kui lisandub staaži. Lapsetõus määratakse avalduse alusel.",
                "Lisatud kindlustusosaku iga-aastane lisamine",
            ),
        ),
        uses=3,
    ),
    DemoGuide(
        "maksepaev",
        "Pensioni maksmise päev ja pangakonto muutmine",
        ("Vanaduspension", "Pensioni ümberarvutus"),
        ("pensionid",),
        """Pensionid makstakse iga kuu **5. kuupäeval**; kui see on puhkepäev, siis eelmisel tööpäeval.

Pangakonto muutmiseks esitab pensionär avalduse e-teeninduses või klienditeeninduses. Uuele
kontole makstakse alates järgmisest maksepäevast, kui avaldus jõuab kohale vähemalt viis
tööpäeva enne maksmist. Kontoomanik peab olema pensionär ise või tema eestkostja.""",
        owner="infolett",
        uses=4,
    ),
    DemoGuide(
        "lapsetoetus",
        "Lapsetoetuse maksmine ja maksepäevad",
        ("Lapsetoetus",),
        ("peretoetused",),
        f"""Lapsetoetust makstakse igale lapsele sünnist kuni 16-aastaseks saamiseni.

- Toetus makstakse **kord kuus, 20. kuupäeval** (puhkepäeval eelneval tööpäeval).
- Toetuse määr on esimese ja teise lapse kohta 80 eurot kuus.
- Toetus määratakse ühele vanemale; teise vanema nimele saab toetuse üle viia avaldusega.

Kui lapsetoetus on jäänud laekumata, kontrolli, kas saaja pangakonto on õige ja kas toetus ei
ole peatatud. [Peretoetused]({SKA}/et/lapsed-ja-pered).""",
        earlier=(
            (
                "Lapsetoetus",
                "Lapsetoetust makstakse kuni lapse 16-aastaseks saamiseni, 20. kuupäeval.",
                "Lisatud määr ja toetuse ümbervormistamine",
            ),
        ),
        uses=6,
    ),
    DemoGuide(
        "ule16",
        "Lapsetoetus üle 16-aastasele õppivale lapsele",
        ("Lapsetoetus",),
        ("peretoetused",),
        """Kui laps õpib põhikoolis, gümnaasiumis või kutseõppe tasemeõppes, makstakse lapsetoetust
kuni 19-aastaseks saamiseni.

Õppimise andmed tulevad **Eesti hariduse infosüsteemist** automaatselt: avaldust ei pea
esitama. Välismaal õppiva lapse kohta tuleb esitada õppeasutuse tõend. Kui õpingud katkevad,
lõpetatakse toetuse maksmine õpingute lõppemise kuule järgnevast kuust.""",
        uses=2,
    ),
    DemoGuide(
        "peretoetuste-avaldus",
        "Peretoetuste avaldus e-teeninduses",
        ("Lapsetoetus", "E-teenindus ja volikirjad"),
        ("peretoetused", "üldinfo"),
        """Peretoetuste avalduse saab esitada riigiportaalis või ameti e-teeninduses.

1. Logi sisse ID-kaardi, Mobiil-ID või Smart-ID-ga.
2. Vali **Taotlused → Peretoetused**.
3. Märgi lapsed, kelle kohta toetust taotled, ja kontrolli pangakontot.
4. Kinnita avaldus; kinnituse saad e-postile.

Pärast lapse sündi määratakse lapsetoetus enamasti ilma avalduseta (proaktiivselt); avaldust on
vaja, kui soovitakse toetust teise vanema nimele.""",
        owner="infolett",
        uses=3,
    ),
    DemoGuide(
        "vanemahyvitis",
        "Vanemahüvitise taotlemine ja arvutamine",
        ("Vanemahüvitis",),
        ("peretoetused",),
        """Vanemahüvitist makstakse kokku 475 päeva ühe lapse kohta. Hüvitis arvutatakse vanema
eelmise kalendriaasta keskmise tulu alusel.

- Sünnitushüvitis ja vanemahüvitis on eraldi; sünnitushüvitise maksab Tervisekassa.
- Vanemad võivad päevi jagada ja kasutada neid osade kaupa kuni lapse 3-aastaseks saamiseni.
- Hüvitise ajal töötamine vähendab hüvitist, kui tulu ületab piirmäära.

Avaldus esitatakse e-teeninduses vähemalt kolm nädalat enne soovitud alguskuupäeva.""",
        uses=2,
    ),
    DemoGuide(
        "isahyvitis",
        "Isapuhkus ja isahüvitis",
        ("Vanemahüvitis",),
        ("peretoetused",),
        """Isal on õigus 30 päeva isapuhkusele, mida saab kasutada kuni lapse 3-aastaseks saamiseni.

Isahüvitise taotlemiseks esitab isa avalduse e-teeninduses; puhkuse aja kokkuleppe teeb ta oma
tööandjaga. Isahüvitis arvutatakse nagu vanemahüvitis. Isapuhkusele jäämise ajal ei pea
tööandja palka maksma.""",
        uses=1,
    ),
    DemoGuide(
        "lasterikas",
        "Lasterikka pere toetuse saamise tingimused",
        ("Lasterikka pere toetus",),
        ("peretoetused",),
        """Lasterikka pere toetust makstakse peredele, kus kasvab **vähemalt kolm** lapsetoetust saavat
last. Kolme kuni kuue lapsega pere saab 300 eurot kuus, seitsme ja enama lapsega pere 450 eurot.

Toetus makstakse samale vanemale, kes saab lapsetoetust. Kui vanim laps saab 19-aastaseks või
lõpetab õpingud, vaadatakse toetuse õigus automaatselt üle.""",
        uses=1,
    ),
    DemoGuide(
        "tagasinoue",
        "Enammakstud toetuse tagasinõudmine",
        ("Lapsetoetus", "Vanaduspension"),
        ("peretoetused", "pensionid"),
        """Kui toetust või pensioni on makstud alusetult (nt laps lõpetas õpingud, saaja kolis välismaale),
teeb amet tagasinõude otsuse.

- Tagasinõude saab tasuda korraga või osade kaupa maksegraafiku järgi.
- Kui inimene jätkab toetuse saamist, võib enammakstud summa kinni pidada tulevastest maksetest.
- Otsuse peale saab esitada vaide 30 päeva jooksul.

Toetuse tagastamiseks anna helistajale ameti arveldusarve ja viitenumber otsuselt.""",
        uses=1,
    ),
    DemoGuide(
        "puude-raskusaste",
        "Puude raskusastme tuvastamise taotlus",
        ("Puude raskusaste",),
        ("puue",),
        """Puude raskusastet (keskmine, raske, sügav) taotletakse avaldusega, millele lisatakse
perearsti või eriarsti andmed terviseinfosüsteemis.

1. Avalduse saab esitada e-teeninduses või klienditeeninduses.
2. Ekspertarst hindab tervisekahjustuse tõttu tekkinud kõrvalabi vajadust.
3. Otsus tehakse 30 päeva jooksul; puude raskusaste määratakse tähtajaliselt.

Puudega inimese sotsiaaltoetust makstakse puude raskusastme tuvastamise järel.""",
        uses=2,
    ),
    DemoGuide(
        "korduvhindamine",
        "Puude korduvhindamine ja tähtaja lõppemine",
        ("Puude raskusaste",),
        ("puue",),
        """Kui puude raskusastme tähtaeg lõppeb, tuleb uus avaldus esitada **kolm kuud enne** tähtaja
lõppu. Amet saadab meeldetuletuse.

Kui avaldus jõuab hiljem, võib tekkida vahe, mil sotsiaaltoetust ei maksta. Lapse puude puhul
esitab avalduse lapsevanem või eestkostja.""",
        review_days=-21,
        uses=1,
    ),
    DemoGuide(
        "toovoime-hindamine",
        "Töövõime hindamise taotlemine",
        ("Töövõime hindamine",),
        ("puue",),
        """Töövõimet hindab Sotsiaalkindlustusamet, töövõimetoetust maksab Töötukassa.

- Hindamise taotlus esitatakse Töötukassale; amet teeb ekspertiisi terviseandmete alusel.
- Tulemus on kas osaline töövõime või puuduv töövõime.
- Hindamise otsus tehakse 30 päeva jooksul.

Kui inimene küsib töövõimetoetuse taotlemise kohta, suuna ta Töötukassasse; ameti pool saab
öelda ekspertiisi seisu.""",
        uses=2,
    ),
    DemoGuide(
        "toovoimetoetus",
        "Töövõimetoetuse maksmine: kuhu suunata",
        ("Töövõime hindamine",),
        ("puue",),
        """Töövõimetoetust maksab **Töötukassa**, mitte amet. Kui helistaja küsib, miks töövõimetoetust
ei makstud või kuidas toetust taotleda, anna Töötukassa kontakt.

Ameti klienditeenindus vastab, kas töövõime ekspertiis on tehtud ja millal otsus saadeti.
Töövõimetoetus peatatakse, kui inimene ei osale aktiivsusnõude tegevustes.""",
        uses=1,
    ),
    DemoGuide(
        "hooldajatoetus",
        "Puudega lapse hooldajatoetus",
        ("Hooldajatoetus",),
        ("puue",),
        """Puudega lapse hooldajatoetust makstakse vanemale või hooldajale, kes hooldab rasket või sügavat
puuet omavat last ja ei tööta täistööajaga.

Hooldajatoetus makstakse koos puudega lapse toetusega. Täisealise puudega inimese hooldajale
määrab hoolduse ja toetuse kohalik omavalitsus: suuna helistaja oma valla või linna
sotsiaaltöötaja juurde.""",
        uses=1,
    ),
    DemoGuide(
        "volikiri",
        "Volikiri teise inimese asjaajamiseks",
        ("E-teenindus ja volikirjad",),
        ("üldinfo",),
        """Teise inimese eest saab asju ajada **kirjaliku volikirjaga**.

- Volikiri peab olema digiallkirjastatud või omakäeliselt allkirjastatud ja kinnitatud.
- Volikirjas peab olema volitaja ja volitatu nimi, isikukood, volituse ulatus ja kehtivusaeg.
- Telefoni teel ei saa volitust kontrollida: anna üldinfot, isikuandmeid ainult volitatule
  kirjalikult.

Volikirja vorm: [volikiri]({SKA}/et/volikiri).""".replace("{SKA}", SKA),
        owner="infolett",
        earlier=(
            (
                "Volikiri",
                "Teise inimese eest saab asju ajada volikirjaga. Volikiri peab olema allkirjastatud.",
                "Lisatud volikirja nõuded",
            ),
            (
                "Volikiri teise inimese asjaajamiseks",
                "Teise inimese eest saab asju ajada kirjaliku volikirjaga. Volikiri peab olema "
                "digiallkirjastatud või omakäeliselt allkirjastatud.",
                "Lisatud telefonikõne reegel ja vorm",
            ),
        ),
        uses=3,
    ),
    DemoGuide(
        "sisselogimine",
        "E-teenindusse sisselogimise probleemid",
        ("E-teenindus ja volikirjad",),
        ("üldinfo",),
        """Kui inimene ei saa e-teenindusse sisse:

1. Kontrolli, kas ID-kaardi sertifikaadid kehtivad ja ID-tarkvara on uuendatud.
2. Mobiil-ID ja Smart-ID puhul kontrolli kontrollkoodi.
3. Soovita teist brauserit või tühjendada vahemälu.

Kui viga kordub, kogu veateade ja kellaaeg ning edasta IT-toele.""",
        owner="infolett",
        uses=2,
    ),
    DemoGuide(
        "menetluse-seis",
        "Avalduse menetluse seisu kontrollimine",
        ("Dokumendi staatus",),
        ("üldinfo",),
        """Avalduse või dokumendi menetluse seisu näeb e-teeninduses **Minu taotlused** alt.

Klienditeenindaja näeb seisu menetlussüsteemis. Seadusjärgsed tähtajad: pension 30 päeva,
peretoetused 10 tööpäeva, puude raskusaste 30 päeva. Kui tähtaeg on ületatud, edasta küsimus
II tasemele.""",
        owner="infolett",
        uses=2,
    ),
    DemoGuide(
        "kojukanne",
        "Pensioni kojukanne",
        ("Kojukanne",),
        ("pensionid", "üldinfo"),
        """Pensioni saab tellida koju kande teel (Omniva kaudu), kui pensionär ei saa pangas käia.

- Kojukande eest tasub amet.
- Kojukanne toimub iga kuu 5.–19. kuupäeval.
- Kojukande tellimiseks esitab pensionär avalduse; ümber saab tellida pangakontole avaldusega.""",
        review_days=-40,
        uses=1,
    ),
    DemoGuide(
        "elukoht",
        "Elukoha ja kontaktandmete muutmine",
        ("E-teenindus ja volikirjad", "Kojukanne"),
        ("üldinfo",),
        """Elukoha andmed tulevad **rahvastikuregistrist**: elukoha muutmisest teatatakse kohalikule
omavalitsusele või eesti.ee kaudu.

Ametile eraldi teatada ei ole vaja, välja arvatud välismaale kolimisel ja kojukande aadressi
muutmisel. Telefoni ja e-posti saab muuta e-teeninduses.""",
        owner="infolett",
        uses=1,
    ),
    DemoGuide(
        "kirjalik-vastus",
        "Kirjaliku vastuse tähtajad (mustand)",
        ("Dokumendi staatus",),
        ("üldinfo",),
        "Märgukirjale ja selgitustaotlusele vastatakse 30 päeva jooksul.",
        owner="juht",
        status=GuideStatus.DRAFT,
    ),
    DemoGuide(
        "matusetoetus",
        "Matusetoetus (enam ei maksta)",
        ("Pensioni ümberarvutus",),
        ("pensionid",),
        "Riiklikku matusetoetust ei maksta alates 2017. aastast; küsi kohalikust omavalitsusest.",
        status=GuideStatus.ARCHIVED,
    ),
]


def _owner(username: str):
    User = get_user_model()
    return (
        User.objects.filter(username=username).first()
        or User.objects.filter(groups__name=roles.TEAM_LEAD).order_by("pk").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )


def _topics() -> dict[str, Topic]:
    """The demo topic tree (created here when missing, by the loader's natural key: the code)."""
    found = {}
    for parent_name, children in data.TOPICS.items():
        parent, _ = Topic.objects.get_or_create(code=slugify(parent_name), defaults={"name": parent_name})
        for child in children:
            found[child] = Topic.objects.get_or_create(
                code=slugify(child), defaults={"name": child, "parent": parent}
            )[0]
    return found


def _queues() -> dict[str, Queue]:
    return {
        name: Queue.objects.get_or_create(name=name, defaults={"title": title})[0]
        for name, title in data.QUEUES
    }


@transaction.atomic
def load_knowledge() -> dict[str, Guide]:
    """The demo guides by key (created once; a guide found by its title is left as it is)."""
    topics, queues = _topics(), _queues()
    today = timezone.localdate()
    made: dict[str, Guide] = {}
    for demo in GUIDES:
        existing = Guide.objects.filter(title=demo.title).first()
        if existing:
            made[demo.key] = existing
            continue
        owner = _owner(demo.owner)
        guide_topics = [topics[name] for name in demo.topics]
        guide_queues = [queues[name] for name in demo.queues]
        review = today + timedelta(days=demo.review_days)
        versions = [*demo.earlier, (demo.title, demo.body, "")]
        first_title, first_body = versions[0][0], versions[0][1]
        guide = services.guide_create(
            actor=owner,
            owner=owner,
            title=first_title,
            body=first_body,
            topics=guide_topics,
            queues=guide_queues,
            review_date=review,
        )
        for number, (title, body, _note) in enumerate(versions[1:], start=1):
            services.guide_update(
                actor=owner,
                guide_id=guide.pk,
                version=number,
                title=title,
                body=body,
                topics=guide_topics,
                queues=guide_queues,
                review_date=review,
                note=versions[number - 1][2],
            )
        if demo.status == GuideStatus.PUBLISHED:
            services.guide_move(actor=owner, guide_id=guide.pk, move="publish")
        elif demo.status == GuideStatus.ARCHIVED:
            services.guide_move(actor=owner, guide_id=guide.pk, move="archive")
        guide.refresh_from_db()
        made[demo.key] = guide
        for contact in Contact.objects.filter(topic__in=guide_topics).order_by("pk")[: demo.uses]:
            GuideUse.objects.get_or_create(
                guide=guide, contact=contact, defaults={"linked_by": contact.handled_by}
            )
    return made
