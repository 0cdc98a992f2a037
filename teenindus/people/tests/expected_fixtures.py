"""What the three real job descriptions say, read by hand from the documents (not from the parser).

Every duty, result, right, responsibility, requirement and competency, as the importer must find them.
"""

# fmt: off
TEAM_LEAD = {'title': 'Talitusejuhtaja',
 'unit': 'Kliendisuhete ja teabehalduse osakond, kõnekeskuse talitus',
 'manager': 'Osakonnajuhataja',
 'substituted_by': 'Talitusejuhataja',
 'substitutes': 'Kliendinõustajat, talitusejuhatajat',
 'reports': '',
 'purpose': 'Töökoha eesmärk on Sotsiaalkindlustusameti (edaspidi amet) telefoniteenindusvaldkonna '
            'tervikliku arendamise põhimõtete väljatöötamine ning rakendamise koordineerimine eesmärgiga, et '
            'läbi professionaalsete kõnekeskuse kliendinõustajate on kliendid kvaliteetselt teenindatud ja '
            'nõustatud.',
 'duties': [{'number': '3.1',
             'task': 'Telefoniteeninduse tegevuse planeerimine, korraldamine ja juhtimine.',
             'results': ['Telefoniteenindusele pandud ülesanded on täidetud.']},
            {'number': '3.2',
             'task': 'Telefoniteeninduse töötajate juhtimine ja arendamine, sh: tööülesannete planeerimine '
                     'ja jaotamine, nende täitmiseks vajaliku ressursi planeerimine; tööalane '
                     'kommunikatsioon; töötulemuste hindamine; töötajate arendamine; vajalike katseaja- ja '
                     'aastavestluste läbiviimine.',
             'results': ['Kujundatud on toimiv meeskond ja tagatud on ladus töökorraldus.',
                         'Püstitatud on eesmärgid ja tegevuskava (tööplaan) telefoniteeninduse töötajatele, '
                         'toimub tulemuste hindamine.',
                         'Koostatud on ametijuhendid.',
                         'Regulaarselt on läbi viidud aastavestlused.',
                         'Tagatud on telefoniteeninduse töötajate vaheline koostöö ja kommunikatsioon.',
                         'Telefoniteeninduse toimimist ja tõhusust on hinnatud regulaarselt, kasutades '
                         'selleks asjakohaseid mõõdikuid, ning vajadusel on tehtud muudatused.',
                         'Tööjõud ja tööaeg on kasutatud efektiivselt ja tulemuslikult.']},
            {'number': '3.3',
             'task': 'Koostöö ameti infotelefoni sidelahenduse lepingupartneriga.',
             'results': ['Infotelefoni sidelahendus toimib.']},
            {'number': '3.4',
             'task': 'Infotelefonile saabunud kõnede statistika koostamine ja analüüs. Kliendinõustajate '
                     'tööaja kasutamise monitoorimine.',
             'results': ['Tagatud on telefoniteeninduse kliendinõustajate töö analüüs koos järeldustega.',
                         'Vajadusel sisse viidud muudatused töökorraldusse.']},
            {'number': '3.5',
             'task': 'Regulaarne töökoosolekute läbiviimine, kindlustamaks telefoniteeninduse töötajate '
                     'õigeaegse informeerimise: a) asjaomaste õigusaktide muudatustest, täiendustest ja '
                     'uuendustest; b) ametisisestest töökorraldust puudutavatest uuendustest ja '
                     'muudatustest; c) tagasiside tõusetunud probleemidest telefoniteeninduse töö '
                     'valdkonnas.',
             'results': ['Koolitatud kliendinõustajad.',
                         'Tagatud on telefoniteeninduse töö kehtivate õigusaktide alusel ning '
                         'klienditeeninduse töö analüüs koos järeldustega.',
                         'Vajadusel sisse viidud muudatused töökorraldusesse.',
                         'Töökoosolekute materjalid on edastatud talitusejuhatajatele parimate praktikate '
                         'omandamiseks.']},
            {'number': '3.6',
             'task': 'Telefoniteeninduse uute töötajate väljaõpetamine põhimäärusega pandud ülesannete '
                     'täitmiseks ja lahendamiseks.',
             'results': ['Töötajad on pädevad täitma talitusele pandud ülesandeid korrektselt etteantud '
                         'tähtaja jooksul.']},
            {'number': '3.7',
             'task': 'Tööks vajalike infomaterjalide õige ja õigeaegne olemasolu.',
             'results': ['Tagatud on infomaterjalide olemasolu ja õigeaegne kättesaadavus telefoniteeninduse '
                         'töötajatele.']},
            {'number': '3.8',
             'task': 'Vahetule juhile ettepanekute tegemine telefoniteeninduse töökorralduse parandamiseks, '
                     'samuti informeerimine probleemidest, mis on ilmnenud töös klientidega ja/või ameti '
                     'teiste osakondadega.',
             'results': ['Vahetu juht omab informatsiooni telefoniteeninduse töökorralduse muutmise '
                         'ettepanekutest ja teiste osakondade tagasisidest.']},
            {'number': '3.9',
             'task': 'Vahetule juhile analüüsidel, järeldustel ja tagasisidel põhinev ettepanekute tegemine '
                     'telefoniteeninduse koosseisu ja töökorralduse kohta, töötajate palkade, toetuste, '
                     'lisatasude määramise, ergutuste või distsiplinaarkaristuste kohaldamise ning '
                     'teenistusest vabastamise kohta.',
             'results': ['Tagatud on telefoniteeninduse töötajate individuaalsete töötulemuste '
                         'väärtustamine.']},
            {'number': '3.10',
             'task': 'Mitterutiinsetele kliendiprobleemidele lahenduste leidmine koostöös vastava valdkonna '
                     'spetsialistidega, vajadusel kogu osakonna kliendinõustajatele juhtumipõhiste '
                     'juhendmaterjalide koostamine.',
             'results': ['Kliendinõustajad on informeeritud lahendustest eesmärgiga osata sarnaseid olukordi '
                         'lahendada iseseisvalt.']},
            {'number': '3.11',
             'task': 'Telefoniteeninduse töötajate klienditoe andmine – emotsionaalselt ja/või sisuliselt '
                     'keeruliste kliendipöördumiste analüüs.',
             'results': ['Kliendipöördumisest on tehtud analüüs koos järeldustega ja kliendinõustajatega '
                         'õpitakse tundma lahenduskäiku – kliendinõustaja saab teadmise, kogemuse ja julguse '
                         'keeruliste olukordade lahendamiseks iseseisvalt.']},
            {'number': '3.12',
             'task': 'Telefoniteeninduse klienditeenindusprotsessi ja töökorralduse tõhustamine.',
             'results': ['Esitatud on ettepanekud, mis aitavad kaasa osakonna parimate töötulemuste '
                         'saavutamisele.']},
            {'number': '3.13',
             'task': 'Telefoniteeninduse töötajate motiveerimine.',
             'results': ['Hea tööõhkkond loodud ja sellega on aidatud kaasa kogu osakonna sooja, sõbraliku '
                         'ja üksteist toetava õhkkonna loomisele, hoidmisele.']},
            {'number': '3.14',
             'task': 'Kojukande teenuse korraldamine teenuseosutajaga ja SKA siseste osapooltega.',
             'results': ['Info vahetus on ajakohane ja tagatud on kojukande teenuse korraldamine.']},
            {'number': '3.15',
             'task': 'Enesejuhtimine ja -arendamine.',
             'results': ['Hea sisemise tasakaalu, hea distsipliini ja järjepideva õppimise kaudu olla '
                         'eeskujuks osakonna töötajatele ja selle kaudu anda kinnitust osakonna '
                         'juhtimisstruktuuri toimimisele.']},
            {'number': '3.16',
             'task': 'Koostöö teiste osakondadega ja/või asutuste ja organisatsioonidega oma '
                     'pädevusvaldkonnas.',
             'results': ['Välja on kujunenud koostööpartnerite võrgustik.',
                         'Toimub infovahetus ja koostöö partneritega.']},
            {'number': '3.17',
             'task': 'Muude pädevusvaldkonda kuuluvate tegevuste korraldamine ja uuenduste algatamine.',
             'results': ['Muud tööga seotud tegevused ja projektid on omal initsiatiivil ja/või juhtkonna '
                         'korraldusel edukalt läbi viidud.',
                         'Tehtud on põhjendatud ettepanekud töökorralduse parandamiseks või muud '
                         'arendusettepanekud, mis lähtuvad ameti võimalustest ja eesmärkidest.']},
            {'number': '3.18',
             'task': 'Vahetu juhi antud muude ühekordsete ülesannete täitmine.',
             'results': ['Ülesanded on täidetud nõuetekohaselt ja tähtaegselt.']}],
 'rights': ['teha kaugtööd kokkuleppel vahetu juhiga;',
            'kasutada kõiki ameti esindusi töö tegemiseks;',
            'saada tööülesannete täitmiseks vajalikku infot, sh ligipääs tööks vajalikele infosüsteemidele;',
            'saada tööalast juhendamist ja põhjendatud juhul supervisiooni;',
            'osaleda ja esindada ametit oma valdkonna piires töörühmades, koolitustel jne;',
            'vastu võtta otsuseid oma pädevuse piires.'],
 'responsibilities': ['tööülesannete tulemusliku täitmise eest vastavalt ametijuhendile, ameti '
                      'põhimäärusele, äriprotsesside töövoogudele ja muudele kehtivatele õigusaktidele, '
                      'juhenditele ning püstitatud eesmärkidele;',
                      'tööülesannete täitmiseks antud riigi vara heaperemeheliku kasutamise eest;',
                      'tööülesannete täitmisega seoses teatavaks saanud isikuandmete ning '
                      'juurdepääsupiiranguga teabe ja konfidentsiaalse info hoidmise eest;',
                      'andmebaaside ja infosüsteemide turvalise ja sihipärase kasutamise eest;',
                      'oma kvalifikatsiooni hoidmise ning täiendamise eest;',
                      'ameti maine hoidmise eest enda poolt vahendatavas teabes ja oma tegevustes.'],
 'tools': 'Töövahenditeks on töötaja kasutusse antud sülearvuti tööks vajaliku tarkvaraga, mobiiltelefon '
          'ning ühiskasutuses olev kontoritehnika ja -mööbel.',
 'requirements': {'education': 'Kõrgharidus (soovitavalt magistritasemele vastav haridus).',
                  'experience': 'Vähemalt 3-aastane töökogemus ametiasutuse või ametikoha töövaldkonnas.',
                  'languages': [{'language': 'eesti', 'level': 'C1'},
                                {'language': 'inglise', 'level': 'B1'},
                                {'language': 'vene', 'level': 'B1'}],
                  'computer_skills': 'Vilunud MS Office tootepere kasutaja. Omandab kiiresti uute '
                                     'programmide spetsiifika ning otsib uusi infotehnoloogilisi lahendusi '
                                     'oma töö lihtsustamiseks.',
                  'competencies': [{'name': 'Kliendikesksus',
                                    'items': ['Huvitub ühiskonna hetkesuundumustest ning analüüsib nende '
                                              'mõju ametile ja klientidele.',
                                              'Lähtub töö korraldamisel kliendi (nii sise- kui väliskliendi) '
                                              'vajadustest ning õigustest, kindlustades kvaliteetse teenuse.',
                                              'Selgitab töötajatele, kuidas nende töö on seotud klientidele '
                                              'pakutava teenuse ja kliendirahuloluga.',
                                              'Näitab üles austust avalikkuse ja kaastöötajate suhtes. On '
                                              'hea suhtleja.'],
                                    'group': 'core'},
                                   {'name': 'Asjatundlikkus',
                                    'items': ['Tunneb põhjalikult oma vastutusala ning omab ülevaadet ameti '
                                              'töövaldkondadest ja nendega seonduvatest teemadest.',
                                              'Omab infot ameti eesmärkidest ja prioriteetidest, edastab '
                                              'järjepidevalt vajalikku teavet töötajatele.',
                                              'Panustab ameti arengusse ning on enda ja töötajate arengule '
                                              'suunatud.',
                                              'Tagab usaldusväärsuse oma pühendunud ja kohusetundliku tööga.',
                                              'Tegutseb eetiliselt, olles eeskujuks.'],
                                    'group': 'core'},
                                   {'name': 'Meeskonnatöö',
                                    'items': ['Tajub oma rolli ametis ning teeb koostööd kolleegide ja '
                                              'partneritega.',
                                              'Keskendub meeskonnatööle, võtab töö korraldamisel arvesse '
                                              'inimeste erinevust. Kaasab ja innustab töötajaid ning '
                                              'delegeerib.',
                                              'Annab ise ning küsib ausat ja konstruktiivset tagasisidet. '
                                              'Edastab selgelt oma ootused ning seab normid.',
                                              'Loob positiivse ja avatud õhkkonna ning meeskonnatunde. '
                                              'Tunnustab ja tähistab edu.',
                                              'Hindab algatusvõimet ja julgustab olema uuendusmeelne.'],
                                    'group': 'core'},
                                   {'name': 'Eestvedamine',
                                    'items': ['Seab eesmärgid ja kõrged standardid töötegemiseks.',
                                              'Seab tegevused eesmärke silmas pidades tähtsuse järjekorda ja '
                                              'loob selguse töökorralduses.',
                                              'Toetab edasipüüdlikkust.',
                                              'Tagab üheselt mõistetava ja kiire infovahetuse.',
                                              'Tema juhtimisel saavad asjad tehtud, teeb otsuseid ning '
                                              'kindlustab otsuste elluviimise. Võtab vastutuse enda ja '
                                              'juhitavate tegevuse eest.',
                                              'Juhib protsesse ja kasutab ressursse tulemuslikult ning '
                                              'vastutustundlikult.'],
                                    'group': 'core'},
                                   {'name': 'Suhtlemis- ja mõjutamisoskus, sh selge ja veenev '
                                            'eneseväljendusoskus',
                                    'items': ['Selgitab keerukaid teemasid arusaadavalt ja täpselt. '
                                              'Põhjendab veenvalt oma seisukohti. Kindlustab osapoolte '
                                              'toetuse ja pühendumuse muutustele, projektidele vms, '
                                              'kasutades erinevaid mõjutamismeetodeid ja -kanaleid.'],
                                    'group': 'additional'},
                                   {'name': 'Analüüsi- ja üldistusvõime',
                                    'items': ['Valib sobivad meetodid info kogumiseks, analüüsib ja hindab '
                                              'info olulisust ja asjakohasust, näeb tervikpilti ja mõistab '
                                              'seoseid, kasutab infot otsuste vastuvõtmisel ja soovituste '
                                              'ning prognooside tegemisel.'],
                                    'group': 'additional'},
                                   {'name': 'Korrektsus',
                                    'items': ['Täidab ülesandeid täpselt, kvaliteetselt, tähtaegselt ja '
                                              'vastavalt seatud nõuetele. Väljendab end selgelt ja '
                                              'vormiliselt korrektselt. Vigade tekkimisel parandab need '
                                              'koheselt. Märkab ka teiste töötajate töös esilekerkinud vigu '
                                              'ja juhib neile tähelepanu.'],
                                    'group': 'additional'},
                                   {'name': 'Empaatiavõime',
                                    'items': ['On tähelepanelik teiste vajaduste ja tunnete suhtes, tajub ja '
                                              'mõistab neid. Suhtleb taktitundeliselt ka pingelistes ja '
                                              'emotsionaalsetes olukordades. Julgustab ja toetab.'],
                                    'group': 'additional'},
                                   {'name': 'Juhendamisoskus',
                                    'items': ['Aitab kaastöötajatel leida nende töös uusi võimalusi, '
                                              'meetodeid ja teadmisi. Võimaldab kaastöötajatel vastutust '
                                              'võtta ja julgustab neid panustama enda arengusse. Innustab '
                                              'tegutsema ja saavutama, on positiivne ja entusiastlik, aitab '
                                              'lahendada probleeme.'],
                                    'group': 'additional'},
                                   {'name': 'Loovus',
                                    'items': ['Genereerib ideid ja teeb uusi algatusi, on initsiatiivikas. '
                                              'Arendab uusi ja olemasolevaid lahendusi. Innustub uute '
                                              'võimaluste ja lahenduste leidmisest. Otsib inspiratsiooni '
                                              'teistest valdkondadest, et luua lisaväärtust.'],
                                    'group': 'additional'},
                                   {'name': 'Pingetaluvus',
                                    'items': ['Hoiab oma tundeid kontrolli all ja säilitab tasakaalu ja '
                                              'töövõime ka olukordades, kus ollakse vastamisi vastasseisuga '
                                              'või kui töötatakse stressi olukorras või suure töökoormusega. '
                                              'Tuleb konstruktiivselt toime ebaõnnestumiste ja tagasisidega. '
                                              'Oskab oma ja teiste pingeid maha võtta.'],
                                    'group': 'additional'},
                                   {'name': 'Abivalmidus',
                                    'items': ['Märkab abivajajat ja pakub ise abi. Kuulab ja selgitab '
                                              'probleemi olemuse, et leida lahendus. Kui ise ei oska, leiab '
                                              'kellegi, kes oskab aidata.'],
                                    'group': 'additional'},
                                   {'name': 'Suhete loomise oskus',
                                    'items': ['On avatud ja sõbralik.'],
                                    'group': 'additional'}]},
 'review': 'Ametijuhend vaadatakse üle kord aastas vahetu juhiga või töökorralduse muutumisel.'}

HR_PARTNER = {'title': 'Personalipartner',
 'unit': 'Personaliosakond',
 'manager': 'Personaliosakonna osakonnajuhataja',
 'substituted_by': 'Personalipartner',
 'substitutes': 'Personalipartner',
 'reports': '',
 'purpose': 'Töökoha eesmärk on kvaliteetse, Sotsiaalkindlustusameti (amet) eesmärkide täitmist, ühtehoidva '
            'tööpere kujunemist ja väärtustava töötajakogemuse pakkumist toetava personaliteenuse tagamine '
            'personalipartneri vastutusalas olevatele struktuuriüksustele.',
 'duties': [{'number': '3.1',
             'task': 'Ameti personalipoliitika elluviimine',
             'results': ['Juhid on saanud personalijuhtimise küsimustes kvaliteetset nõustamist, mille '
                         'põhjal personali puudutavaid otsuseid langetada.',
                         'Teenistujad on saanud juhtide vastutusalast väljapoole jäävates tõstatatud '
                         'personaliküsimustes kvaliteetset nõu ja/või juhiseid.',
                         'Personalipartner võib delegeerida ülesandeid personalispetsialistile, kuid jääb '
                         'vastutavaks lõppeesmärgi täitmise eest.']},
            {'number': '3.2',
             'task': 'Värbamis- ja valikutegevused ning uute töötajate sisseelamise toetamine',
             'results': ['Koosseis on mehitatud kompetentsete ja pühendunud teenistujatega, värbamis- ja '
                         'valikutegevused vastavad organisatsiooni võimalustele ja vajadustele.',
                         'Värbamise- ja valikutegevus on läbipaistev ja eetiline, vastab ameti teenistujate '
                         'värbamise ja valiku korrale.',
                         'Värbamise- ja valikutegevuse põhimõtted on teada protsessis osalevatele juhtidele '
                         'ja organisatsioonis laiemalt.',
                         'Tegeletakse aktiivselt organisatsiooni maine kujundamisega nii värbamise- ja '
                         'valikuprotsessi siseselt kui laiemalt.',
                         'Uute töötajate sisseelamise hõlbustamiseks rakendatakse koostöös juhtidega '
                         'mentorlussüsteemi; vastavalt vajadusele on läbi viidud uue töötaja koolitused ning '
                         'ellu viidud täiendavad tugitegevused.']},
            {'number': '3.3',
             'task': 'Palgaeelarve ja koosseisu haldamine ning palgasüsteemi kaasajastamine',
             'results': ['Partneri poolt toetatud värbamisprojektid vastavad ameti kehtestatud '
                         'teenistuskohtade koosseisule ning personalieelarvele.',
                         'Tehtud tööpakkumised vastavad ameti kehtivale väärtuspakkumisele, palgasüsteemile '
                         'ning teenistuskohale rakenduvale palgatasemele.']},
            {'number': '3.4',
             'task': 'Töö- ja teenistussuhete haldamine',
             'results': ['Personalidokumendid on korrektselt (sh tähtaegselt ja kooskõlas õigusaktidega) '
                         'vormistatud, menetletud ja säilitatud.',
                         'Ametijuhendid vastavad ametikoha nõuetele, on pidevalt ajakohased ning kõigile '
                         'elektrooniliselt kättesaadavad.']},
            {'number': '3.5',
             'task': 'Vestluste süsteemi haldamine',
             'results': ['Tagatud on katseajalõpuvestluste tähtaegne ja korrektne läbiviimine läbi juhtide '
                         'asjakohase informeerimise, juhendmaterjalide kättesaadavuse ja töösuhete alase '
                         'nõustamise partneri vastutusvaldkonnas.',
                         'Tagatud on hindamisvestluste sisukas läbiviimine ja tulemuste kirjalik '
                         'fikseerimine läbi juhendmaterjalide kättesaadavuse, juhtide ja teenistujate '
                         'koolitamise ning järelkontrolli teostamise. Vestlustulemused on süstematiseeritud '
                         'ning kättesaadavad juhtidele ja teenistujatele, info on läbi töötatud ning selle '
                         'põhjal esitatud sisukad järeldused.',
                         'Partneri vastutusvaldkonnas on läbi viidud lahkumisvestlused kõigi '
                         'organisatsioonist väljuvate töötajatega, tulemused on fikseeritud ja tulemuste '
                         'alusel tehtud analüüsi alusel esitatud sisukad järeldused.']},
            {'number': '3.6',
             'task': 'Koolitus- ja arendustegevuste korraldamine ning läbiviimine',
             'results': ['Koolitus- ja arendustegevuste läbiviimine on süsteemne ning toetab organisatsiooni '
                         'eesmärkide saavutamist, kasutatakse mitmekesiseid võimalusi teenistujate '
                         'arendamiseks (sh sisekoolitused, iseseisev õpe, praktika).',
                         'Vastavalt vajadusele on läbi viidud organisatsiooniuuringud või osaletud nende '
                         'läbiviimises.']},
            {'number': '3.7',
             'task': 'Kommunikatsioonialased tegevused',
             'results': ['Tagatud on ajakohane ja sisukas info personaliteenuste kohta siseveebis.',
                         'Operatiivne info on edastatud töötajatele läbi asutuse elektroonilise infokirja, '
                         'siseveebi artiklite ja vajadusel välisveebi artiklite.',
                         'Vastatud on teabenõuetele ja selgitustaotlustele oma vastutusvaldkonnas.']},
            {'number': '3.8',
             'task': 'Muude pädevusvaldkonda kuuluvate tegevuste korraldamine, uuenduste algatamine ja '
                     'koostöö partneritega organisatsiooni siseselt ning väliselt',
             'results': ['Muud tööga seotud tegevused ja projektid on omal initsiatiivil ja/või vahetu juhi '
                         'korraldusel edukalt läbi viidud.',
                         'Tehtud on põhjendatud ettepanekud töökorralduse parandamiseks või muud '
                         'arendusettepanekud, mis lähtuvad ameti võimalustest ja eesmärkidest.',
                         'Välja on kujunenud koostööpartnerite võrgustik (nt PARE, ESAL, Koolitusjuhtide '
                         'kogu, riigiasutuste personalijuhtide koostöövõrgustik). Toimub infovahetus ja '
                         'koostöö partneritega.']},
            {'number': '3.9',
             'task': 'Vahetu juhi antud muude ühekordsete ülesannete täitmine.',
             'results': ['Ülesanded on täidetud nõuetekohaselt ja tähtaegselt.']}],
 'rights': ['teha kaugtööd kokkuleppel vahetu juhiga;',
            'kasutada kõiki ameti esindusi töö tegemiseks;',
            'saada tööülesannete täitmiseks vajalikku infot, sh ligipääs tööks vajalikele infosüsteemidele;',
            'saada tööalast juhendamist ja põhjendatud juhul supervisiooni;',
            'osaleda ja esindada ametit oma valdkonna piires töörühmades, koolitustel jne.',
            'vastu võtta otsuseid oma pädevuse piires.'],
 'responsibilities': ['tööülesannete tulemusliku täitmise eest vastavalt ametijuhendile, ameti '
                      'põhimäärusele, äriprotsesside töövoogudele ja muudele kehtivatele õigusaktidele, '
                      'juhenditele ning püstitatud eesmärkidele;',
                      'tööülesannete täitmiseks antud riigi vara heaperemeheliku kasutamise eest;',
                      'tööülesannete täitmisega seoses teatavaks saanud isikuandmete ning '
                      'juurdepääsupiiranguga teabe ja konfidentsiaalse info hoidmise eest;',
                      'andmebaaside ja infosüsteemide turvalise ja sihipärase kasutamise eest;',
                      'oma kvalifikatsiooni hoidmise ning täiendamise eest;',
                      'ameti maine hoidmise eest enda poolt vahendatavas teabes ja oma tegevustes.'],
 'tools': 'Töövahenditeks on töötaja kasutusse antud sülearvuti tööks vajaliku tarkvaraga, mobiiltelefon '
          'ning ühiskasutuses olev kontoritehnika ja -mööbel.',
 'requirements': {'education': 'Personalitöö, juhtimise, koolituse või psühholoogiaalane kõrgharidus.',
                  'experience': 'Erialase hariduse puudumisel vähemalt 5-aastane töökogemus valdkonnas. '
                                'Erialase hariduse olemasolul vähemalt 2-aastane töökogemus ametiasutuse või '
                                'ametikoha töövaldkonnas.',
                  'languages': [{'language': 'eesti', 'level': 'C1'},
                                {'language': 'inglise', 'level': 'B1'},
                                {'language': 'vene', 'level': 'B1'}],
                  'computer_skills': 'Vilunud MS Office tootepere kasutaja. Omandab kiiresti uute '
                                     'programmide spetsiifika ning otsib uusi infotehnoloogilisi lahendusi '
                                     'oma töö lihtsustamiseks.',
                  'competencies': [{'name': 'Kliendikesksus',
                                    'items': ['Lähtub töös kliendi (nii sise- kui väliskliendi) vajadustest '
                                              'ning õigustest.',
                                              'Püüdleb oma töös kõrge kvaliteedi ning kliendirahulolu '
                                              'tagamise poole.',
                                              'Näitab üles austust avalikkuse ja kolleegide suhtes.'],
                                    'group': 'core'},
                                   {'name': 'Eestvedamine',
                                    'items': ['Seab eesmärgid ja kõrged standardid töötegemiseks.',
                                              'Seab tegevused eesmärke silmas pidades tähtsuse järjekorda ja '
                                              'loob selguse töökorralduses.',
                                              'Toetab edasipüüdlikkust.',
                                              'Tagab üheselt mõistetava ja kiire infovahetuse.',
                                              'Tema juhtimisel saavad asjad tehtud, teeb otsuseid ning '
                                              'kindlustab otsuste elluviimise.',
                                              'Võtab vastutuse enda ja meeskonna tegevuse eest.',
                                              'Juhib protsesse ja kasutab ressursse tulemuslikult ning '
                                              'vastutustundlikult.'],
                                    'group': 'core'},
                                   {'name': 'Asjatundlikkus',
                                    'items': ['Tunneb põhjalikult oma vastutusala, hoiab end kursis '
                                              'valdkonna arengute ja parimate praktikatega.',
                                              'Seab kõrged standardid töötamisele, tegutseb '
                                              'professionaalselt ja saavutab kokkulepitud eesmärgid.',
                                              'Täiendab ja jagab oma teadmisi ja infot, arendab end '
                                              'erialaselt. Järgib tööks vajalikke õigusakte ja '
                                              'juhendmaterjale.',
                                              'Tagab usaldusväärsuse oma pühendunud ja kohusetundliku '
                                              'tööga.'],
                                    'group': 'core'},
                                   {'name': 'Koostöövõime',
                                    'items': ['Tajub oma rolli ameti eesmärkide täitmisel ning teeb koostööd '
                                              'kolleegide ja partneritega.',
                                              'Tegutseb meeskonna liikmena ning leiab lahendusi koos '
                                              'kolleegidega.',
                                              'Täidab kokkulepped ja lubadused.',
                                              'On avatud, kuulab ja mõtleb kaasa. Annab ja kasutab '
                                              'tagasisidet eesmärkide saavutamiseks. Näitab üles '
                                              'algatusvõimet ja teeb ettepanekuid.'],
                                    'group': 'core'},
                                   {'name': 'Efektiivsus',
                                    'items': ['Organiseerib oma tööd efektiivselt, seab prioriteete ja '
                                              'täidab ülesanded õigeaegselt. On süsteemne ja sihipärane, '
                                              'kasutab efektiivseid tegutsemismeetodeid, viib alustatu '
                                              'lõpuni.',
                                              'On muutuvas keskkonnas võimeline kohanema.',
                                              'Võtab vastutuse enda tegevuse eest.',
                                              'Edastab infot selgelt ja otsekoheselt.',
                                              'Kasutab ressursse tulemuslikult ning vastutustundlikult.'],
                                    'group': 'core'},
                                   {'name': 'Suhtlemis- ja mõjutamisoskus, sh selge ja veenev '
                                            'eneseväljendusoskus',
                                    'items': ['Selgitab keerukaid teemasid arusaadavalt ja täpselt. '
                                              'Põhjendab veenvalt oma seisukohti.'],
                                    'group': 'additional'},
                                   {'name': 'Analüüsi- ja üldistusvõime',
                                    'items': ['Kogub, analüüsib ja hindab info olulisust ja asjakohasust, '
                                              'mõistab seoseid. Kasutab infot otsuste vastuvõtmisel ja '
                                              'soovituste andmisel.'],
                                    'group': 'additional'},
                                   {'name': 'Korrektsus',
                                    'items': ['Täidab ülesandeid täpselt, kvaliteetselt, tähtaegselt ja '
                                              'vastavalt seatud nõuetele. Väljendab end selgelt ja '
                                              'vormiliselt korrektselt. Vigade tekkimisel parandab need '
                                              'koheselt. Märkab ka teiste kolleegide töös esile kerkinud '
                                              'vigu ja juhib neile tähelepanu.'],
                                    'group': 'additional'},
                                   {'name': 'Efektiivsus',
                                    'items': ['On süsteemne, sihipärane, viib asjad lõpuni ja on võimeline '
                                              'muutuvas keskkonnas kohanema. Võtab vastutuse enda tegevuse '
                                              'eest.'],
                                    'group': 'additional'},
                                   {'name': 'Asjatundlikkus',
                                    'items': ['Hoiab end kursis valdkonna arengute ja parimate praktikatega, '
                                              'täiendab ja jagab oma teadmisi, seab kõrged standardid '
                                              'töötamisele, tegutseb professionaalselt ja saavutab '
                                              'kokkulepitud eesmärgid.'],
                                    'group': 'additional'},
                                   {'name': 'Abivalmidus',
                                    'items': ['Märkab abivajajat ja pakub ise abi. Kuulab ja selgitab '
                                              'probleemi olemust, et leida lahendus. Kui ise ei oska, leiab '
                                              'kellegi, kes oskab aidata.'],
                                    'group': 'additional'},
                                   {'name': 'Pingetaluvus',
                                    'items': ['Säilitab sisemise tasakaalu ja töövõime ka olukordades, kus '
                                              'ollakse vastamisi vastasseisuga või kui töötatakse pidevas '
                                              'stressi olukorras või suure töökoormusega. Tuleb '
                                              'konstruktiivselt toime ebaõnnestumiste ja tagasisidega. Oskab '
                                              'teiste pingeid maha võtta.'],
                                    'group': 'additional'},
                                   {'name': 'Empaatiavõime',
                                    'items': ['On tähelepanelik teiste vajaduste, murede ja tunnete suhtes, '
                                              'tajub ja mõistab neid. Suhtleb taktitundeliselt ka '
                                              'pingelistes ja emotsionaalsetes olukordades.'],
                                    'group': 'additional'},
                                   {'name': 'Juhendamisoskus',
                                    'items': ['Aitab kaastöötajatel leida nende töös uusi võimalusi, '
                                              'meetodeid ja teadmist. Võimaldab kaastöötajatel vastutust '
                                              'võtta ja julgustab neid panustama enda arengusse. Innustab '
                                              'tegutsema ja saavutama, näitab üles positiivsust ja '
                                              'entusiasmi, aitab lahendada probleeme.'],
                                    'group': 'additional'},
                                   {'name': 'Loovus',
                                    'items': ['Genereerib ideid ja teeb uusi algatusi, näitab üles '
                                              'initsiatiivi. Arendab uusi ja olemasolevaid lahendusi. '
                                              'Innustub uute võimaluste ja lahenduste leidmisest. Otsib '
                                              'inspiratsiooni teistest valdkondadest, et luua lisaväärtust.'],
                                    'group': 'additional'},
                                   {'name': 'Suhete loomise oskus',
                                    'items': ['Arendab teadlikult nii formaalseid kui mitteformaalseid '
                                              'suhteid, loob suhteid ja suhete võrgustikke tegevusvaldkonnas '
                                              'oma töö edendamiseks. On koostööpartneritega avatud ja '
                                              'sõbralik. Võtab aktiivselt osa üritustest ja algatab ise '
                                              'kokkusaamisi.'],
                                    'group': 'additional'}]},
 'review': 'Ametijuhend vaadatakse üle kord aastas vahetu juhiga või töökorralduse muutumisel.'}

SERVICE_MANAGER = {'title': 'Tallinna klienditeeninduse juht',
 'unit': 'Klienditeeninduse osakond',
 'manager': 'Klienditeeninduse juht',
 'substituted_by': 'Piirkonna klienditeeninduse juht',
 'substitutes': 'Piirkonna klienditeeninduse juhti või klienditeeninduse juhti',
 'reports': 'Klienditeeninduse spetsialistid',
 'purpose': 'Ametikoha eesmärk on Sotsiaalkindlustusameti (edaspidi amet) klienditeenindusvaldkonna '
            'tervikliku arendamise põhimõtete väljatöötamine ja nende rakendamine lähtudes ameti '
            'strateegilistest eesmärkidest. Läbi professionaalsete klienditeeninduse spetsialistide on '
            'kliendid kvaliteetselt teenindatud ja nõustatud.',
 'duties': [{'number': '3.1',
             'task': 'Klienditeeninduse tegevuse planeerimine, korraldamine ja juhtimine.',
             'results': ['Panus osakonna ülesannete täitmisesse on antud sellega, et klienditeeninduse '
                         'ülesanded on kvaliteetselt ja tähtaegselt täidetud.']},
            {'number': '3.2',
             'task': 'Klienditeeninduse klienditeenindajate juhtimine ja arendamine, sh tööülesannete '
                     'planeerimine ja jaotamine, nende täitmiseks vajaliku ressursi planeerimine; tööalane '
                     'kommunikatsioon; töötulemuste hindamine; töötajate arendamine; katseaja-, vajalike '
                     'vahevestluste ja aastavestluste läbiviimine.',
             'results': ['Kujundatud on toimiv meeskond ja tagatud on ladus töökorraldus.',
                         'Püstitatud on eesmärgid ja tegevuskava (tööplaan) klienditeenindusele ja '
                         'töötajatele. Toimub regulaarne tulemuste analüüs, hindamine ja tagasiside andmine.',
                         'Koostatud on ametijuhendid.',
                         'Regulaarselt on läbi viidud silmast-silma vestlused, aastavestlused.',
                         'Tagatud on osakonnasisene koostöö ja kommunikatsioon juhtide tiimis ja '
                         'klienditeeninduste vahel.',
                         'Klienditeeninduse toimimist ja tõhusust on hinnatud regulaarselt, kasutades '
                         'selleks asjakohaseid mõõdikuid, ning vajadusel on tehtud muudatused juhtimis-ja '
                         'arengutegevustesse.',
                         'Klienditeeninduse tööjõuressurs ja tööaeg on kasutatud efektiivselt ja '
                         'tulemuslikult.']},
            {'number': '3.3',
             'task': 'Klienditeeninduse klienditeenindajate arendamine rakendades SKA üleseid põhimõtteid.',
             'results': ['Klientide kvaliteetne teenindamine ja nõustamine.']},
            {'number': '3.4',
             'task': 'Klienditeeninduse klienditeenindajate efektiivne töökorraldus. Klienditeeninduse '
                     'klienditeenindajate tööaja kasutamise monitoorimine.',
             'results': ['Kvaliteetne teenindamine lühikese ooteajaga, õige lahendus või lahenduse kirjeldus '
                         'koos sõbraliku suhtumisega.',
                         'Tagasisidestamine arendaval viisil tööaja kasutamise kohta – eesmärk '
                         'klienditeeninduse klienditeenindajad teavad ootusi ja oma reaalseid saavutusi ja '
                         'mõistavad oma töötulemuste tähtsust klienditeeninduse ja kogu osakonna ülesannete '
                         'täitmisesse.']},
            {'number': '3.5',
             'task': 'Klienditeeninduse klienditeenindajate individuaalse tagasisidesüsteemi loomine koos '
                     'osakonna teiste juhtidega. Kliendikontaktide hindamine, analüüs.',
             'results': ['Professionaalsete oskuste suurendamine, kõrge taseme hoidmine.',
                         'Klienditeeninduse klienditeenindajad saavad objektiivset tagasiside oma tööst.']},
            {'number': '3.6',
             'task': 'Haldus- ja menetluspraktika koolituste, järelkoolituste läbiviimine klienditeeninduse '
                     'klienditeenindajatele.',
             'results': ['Koolitatud klienditeenindajad.',
                         'Tagatud on klienditeeninduse töö kehtivate õigusaktide alusel ja klienditeeninduse '
                         'töö analüüs koos järeldustega. Vajadusel sisse viidud muudatused '
                         'töökorraldusesse.']},
            {'number': '3.7',
             'task': 'Regulaarsete osakonnasiseste infotundide läbiviimine ja osakonnasisestest '
                     'infotundidest kokkuvõtete tegemine, info edastamine klienditeeninduse '
                     'klienditeenindajatele ja osakonna teistele juhtidele eesmärgiga õppida parimaid '
                     'praktikaid.',
             'results': ['Klientide teenindamist toetav materjal, otsused töökorraldustest, info ettevõttest '
                         'jms. (juhend) materjal on koostatud, lahti seletatud klienditeenindajatele, '
                         'kokkuvõtted edastatud õigeaegselt.']},
            {'number': '3.8',
             'task': 'Mitterutiinsetele kliendiprobleemidele lahenduste leidmine koostöös vastava valdkonna '
                     'spetsialistidega, vajadusel klienditeeninduse klienditeenindajatele juhtumipõhiste '
                     'juhendmaterjalide koostamine.',
             'results': ['Klienditeeninduse klienditeenindajad on informeeritud lahendustest eesmärgiga – '
                         'osata sarnaseid olukordi lahendada iseseisvalt.']},
            {'number': '3.9',
             'task': 'Klienditeeninduse klienditeenindajatele klienditoe andmine – emotsionaalselt ja/või '
                     'sisuliselt keeruliste kliendipöördumiste analüüs.',
             'results': ['Kliendipöördumisest on tehtud analüüs ja koos klienditeeninduse '
                         'klienditeenindajatega õpitakse tundma lahenduskaiku – klienditeenindaja saab '
                         'teadmise, kogemuse ja julguse keeruliste olukordade lahendamiseks iseseisvalt.']},
            {'number': '3.10',
             'task': 'Osakonnasisese klienditeenindusprotsessi ja töökorralduse tõhustamine. Tihe '
                     'meeskonnatöö koos osakonna teiste juhtidega, üksteise kaasamine juhtimisotsuste '
                     'vastuvõtmisesse, vastastikune usaldus, koostöö.',
             'results': ['Esitatud ettepanekud, mis aitavad kaasa osakonna parimate töötulemuste '
                         'saavutamisele. Juhtide meeskonnas on saavutatud ja hoitakse ühist heaolutunnet.']},
            {'number': '3.11',
             'task': 'Klienditeeninduse klienditeenindajatega tema motivatsiooniallika leidmine.',
             'results': ['SKA väärtused on aluseks. Hea tööõhkkond klienditeeninduses ja sellega on aidatud '
                         'kaasa kogu SKA sooja, sõbraliku ja üksteist toetava, usaldava õhkkonna loomisele, '
                         'hoidmisele.']},
            {'number': '3.12',
             'task': 'Enesejuhtimine ja –arendamine.',
             'results': ['Hea sisemise tasakaalu, hea distsipliini ja järjepideva õppimise kaudu olla '
                         'eeskujuks osakonna töötajatele ja selle kaudu anda kinnitust osakonna '
                         'juhtimisstruktuuri toimimisele.']},
            {'number': '3.13',
             'task': 'Panustamine osakonna, piirkonna, klienditeeninduse strateegia ja tööplaani '
                     'väljatöötamisesse ja selle elluviimisele.',
             'results': ['Parimate töötulemuste saavutamiseks on antud omapoolne panus lähtudes ametikohaga '
                         'kaasnevatest professionaalsetest ja spetsiifilistest oskustest.',
                         'Strateegia ja tööplaani koostatud ja kvaliteetselt ellu viidud.']},
            {'number': '3.14',
             'task': 'Juhib inimesi. Enda ja klienditeeninduse klienditeenindajate vaheliste keeruliste '
                     'juhtimisolukordade ennetamine, olukordade tekkimisel lahendab need võimalikul parimal '
                     'viisil.',
             'results': ['Käitub positiivsete tulemuste saavutamise nimel asjatundlikult, tegeleb '
                         'igapäevaselt juhtimise etappidega – planeerimine, organiseerimine, täideviimine, '
                         'kontroll ja vajadusel viib sisse tegevused osakonna eesmärkide täitmise nimel.']},
            {'number': '3.15',
             'task': 'Muude pädevusvaldkonda kuuluvate tegevuste korraldamine.',
             'results': ['Muud tööga seotud tegevused ja projektid on omal initsiatiivil ja/või vahetu juhi '
                         'korraldusel edukalt läbi viidud.',
                         'Tehtud on asjakohased ettepanekud ameti, osakonna, klienditeeninduse töökorralduse '
                         'parandamiseks või töövaldkonna arendamiseks.']},
            {'number': '3.16',
             'task': 'Ladus koostöö teiste osakondadega ja/või organisatsioonidega oma pädevusvaldkonnas.',
             'results': ['Toimub heas tööõhkkonnas infovahetus ja koostöö partneritega.']},
            {'number': '3.17',
             'task': 'Vahetu juhi poolt antud ühekordsete korralduste täitmine, mis tulenevad ametikoha '
                     'eesmärgist või teenistuskohustuste täitmise käigust.',
             'results': ['Ülesanded on tähtaegselt ja nõuetekohaselt täidetud.']}],
 'rights': ['saada tööülesannete täitmiseks vajalikku infot ja abi teistelt ameti struktuuriüksustelt;',
            'osaleda ametikohale vajalikel koolitustel jt arendustegevustes;',
            'taotleda vajalikke töövahendeid ja -tingimusi;',
            'esindada ametit oma valdkonna piires töörühmades, koolitustel jne;',
            'saada ligipääs tööks vajalikele infosüsteemidele.'],
 'responsibilities': ['tööülesannete tulemusliku täitmise eest vastavalt ametijuhendile, ameti '
                      'põhimäärusele, äriprotsesside töövoogudele ja muudele kehtivatele õigusaktidele, '
                      'juhenditele ning püstitatud eesmärkidele;',
                      'tööülesannete täitmiseks antud riigi vara heaperemeheliku kasutamise eest;',
                      'tööülesannete täitmisega seoses teatavaks saanud isikuandmete, juurdepääsupiiranguga '
                      'teabe ning konfidentsiaalse info hoidmise eest;',
                      'andmebaaside ja infosüsteemide turvalise ning sihipärase kasutamise eest;',
                      'oma kvalifikatsiooni hoidmise ning täiendamise eest.'],
 'tools': 'Töövahenditeks on töötaja kasutusse antud kontorimööbel, kontoritarbed, sülearvuti koos tööks '
          'vajaliku tarkvaraga ja mobiiltelefon ning ühiskasutuses olev kontortehnika.',
 'requirements': {'education': 'Soovitavalt magistritasemele vastav haridus.',
                  'experience': 'Esmatasandi juhi töökogemus, juhtides suuremat üksust vähemalt kolm aastat.',
                  'languages': [{'language': 'eesti', 'level': 'C1'},
                                {'language': 'inglise', 'level': 'B1'},
                                {'language': 'vene', 'level': 'B1'}],
                  'computer_skills': 'Kasutab teksti- ja andmetöötluse põhifunktsioone. Kasutab info- ja '
                                     'kommunikatsioonitehnoloogiat info otsimiseks, analüüsimiseks, '
                                     'salvestamiseks ja edastamiseks, ideede väljendamiseks ning '
                                     'suhtlemiseks.',
                  'competencies': [{'name': 'Kliendikesksus',
                                    'items': ['Huvitub ühiskonna hetkesuundumustest ning analüüsib nende '
                                              'mõju ametile ja klientidele.',
                                              'Lähtub töö korraldamisel kliendi (nii sise- kui väliskliendi) '
                                              'vajadustest ning õigustest, kindlustades kvaliteetse teenuse.',
                                              'Selgitab töötajatele, kuidas nende töö on seotud klientidele '
                                              'pakutava teenuse ja kliendirahuloluga.',
                                              'Näitab üles austust avalikkuse ja kaastöötajate suhtes. On '
                                              'hea suhtleja.'],
                                    'group': 'core'},
                                   {'name': 'Asjatundlikkus',
                                    'items': ['Tunneb põhjalikult oma vastutusala ning omab ülevaadet ameti '
                                              'töövaldkondadest ja nendega seonduvatest teemadest.',
                                              'Omab infot ameti eesmärkidest ja prioriteetidest, edastab '
                                              'järjepidevalt vajalikku teavet töötajatele.',
                                              'Panustab ameti arengusse ning on enda ja töötajate arengule '
                                              'suunatud.',
                                              'Tagab usaldusväärse oma pühendunud ja kohusetundliku tööga.',
                                              'Tegutseb eetiliselt, olles eeskujuks.'],
                                    'group': 'core'},
                                   {'name': 'Meeskonnatöö',
                                    'items': ['Tajub oma rolli ametis ning teeb koostööd kolleegide ja '
                                              'partneritega.',
                                              'Keskendub meeskonnatöele, võtab töö korraldamisel arvesse '
                                              'inimeste erinevust. Kaasab ja innustab töötajaid.',
                                              'Annab ise ning küsib ausat ja konstruktiivset tagasisidet. '
                                              'Edastab selgelt oma ootused ning seab normid.',
                                              'Loob positiivse ja avatud õhkkonna ning meeskonnatunde. '
                                              'Tunnustab.',
                                              'Hindab algatusvõimet ja julgustab olema uuendusmeelne.'],
                                    'group': 'core'},
                                   {'name': 'Eestvedamine',
                                    'items': ['Seab eesmärgid ja kõrged standardid töö tegemiseks.',
                                              'Seab tegevused eesmäärke silmas pidades tähtsuse järjekorda '
                                              'ja loob selguse töökorralduses.',
                                              'Toetab edasipüüdlikkust.',
                                              'Tagab üheselt mõistetava ja kiire infovahetuse.',
                                              'Tema juhtimisel saavad asjad tehtud, teeb otsuseid ning '
                                              'kindlustab otsuste elluviimise. Võtab vastutuse enda ja '
                                              'meeskonna tegevuse eest.',
                                              'Juhib protsesse ja kasutab ressursse tulemuslikult ning '
                                              'vastutustundlikult.'],
                                    'group': 'core'},
                                   {'name': 'Suhtlemis- ja mõjutamisoskus, sh selge ja veenev '
                                            'eneseväljendusoskus',
                                    'items': ['Selgitab keerukaid teemasid arusaadavalt ja täpselt. Põhjub '
                                              'veenvalt oma seisukohti. Kindlustab osapoolte toetuse ja '
                                              'pühendumuse muutustele, projektidele vms, kasutades erinevaid '
                                              'mõjutamismeetodeid ja -kanaleid.'],
                                    'group': 'additional'},
                                   {'name': 'Analüüsi- ja üldistusvõime',
                                    'items': ['Valib sobivad meetodid info kogumiseks, analüüsib ja hindab '
                                              'info olulisust ja asjakohasust, näeb tervikpilti ja mõistab '
                                              'seoseid, kasutab infot otsuste vastuvõtmisel ja soovitude '
                                              'ning prognooside tegemisel.'],
                                    'group': 'additional'},
                                   {'name': 'Korrektus',
                                    'items': ['Täidab ülesandeid täpselt, kvaliteetselt, tähtaegselt ja '
                                              'vastavalt seatud nõuetele. Väljendab end selgelt ja '
                                              'vormiliselt korrektselt. Vigade tekkimisel parandab need '
                                              'koheselt. Märkab ka teiste töötajate töös esile kerkinud vigu '
                                              'ja juhib neile tähelepanu.'],
                                    'group': 'additional'},
                                   {'name': 'Empaatiavõime',
                                    'items': ['On tähelepanelik teiste vajaduste ja tunnete suhtes, tajub ja '
                                              'mõistab neid. Suhtleb taktitundeliselt ka pingelistes ja '
                                              'emotsionaalsetes olukordades. Julgustab ja toetab.'],
                                    'group': 'additional'},
                                   {'name': 'Juhendamisoskus',
                                    'items': ['Aitab kaastöötajatel leida nende töös uusi võimalusi, '
                                              'meetodeid ja teadmisi. Võimaldab kaastöötajatel vastutust '
                                              'võtta ja julgustab neid panustama enda arengusse. Innustab '
                                              'tegutsema ja saavutama, on positiivne ja entusiastlik, aitab '
                                              'lahendada probleeme.'],
                                    'group': 'additional'},
                                   {'name': 'Loovus',
                                    'items': ['Genereerib ideid ja teeb uusi algatusi, on initsiatiivikas. '
                                              'Arendab uusi ja olemasolevaid lahendusi. Innustub uute '
                                              'võimaluste ja lahenduste leidmisest. Otsib inspiratsiooni '
                                              'teistest valdkondadest, et luua lisaväärtust.'],
                                    'group': 'additional'},
                                   {'name': 'Pingetaluvus',
                                    'items': ['Hoiab oma tundeid kontrolli all ja säilitab tasakaalu ja '
                                              'töövõime ka olukordades, kus ollakse vastamisi vastasseisuga '
                                              'või kui töötatakse pidevas stressi olukorras või suure '
                                              'töökoormusega. Tuleb konstruktiivselt toime ebaõnnestumiste '
                                              'ja tagasisidega. Oskab oma ja teiste pingeid maha võtta.'],
                                    'group': 'additional'},
                                   {'name': 'Abivalmidus',
                                    'items': ['Märkab abivajajat ja pakub ise abi. Kuulab ja selgitab '
                                              'probleemi olemuse, et leida lahendus. Kui ise ei oska, leiab '
                                              'kellegi, kes oskab aidata.'],
                                    'group': 'additional'},
                                   {'name': 'Suhete loomise oskus',
                                    'items': ['On avatud ja sõbralik.'],
                                    'group': 'additional'}]},
 'review': ''}

FILES = {
    'talitusejuhataja-konekeskus.txt': TEAM_LEAD,
    'personalipartner.txt': HR_PARTNER,
    'tallinna-klienditeeninduse-juht.md': SERVICE_MANAGER,
}
# fmt: on
