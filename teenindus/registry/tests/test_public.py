"""The public view of the register (/dokumendiregister/): the privacy promise, proven with sentinel
strings over every public page, every search field and both open-data formats with paging; the
restriction that ends by itself; word forms; dates; bad input; nothing written by a public read."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import OTHER_IK, SENTINEL_IK
from teenindus.customers.models import Customer
from teenindus.registry import public
from teenindus.registry.models import Document, DocumentFile
from teenindus.registry.services.files import document_file_add
from teenindus.registry.tests.helpers import register
from teenindus.tests.walkbodies import body_text
from teenindus.tickets.tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

# What must never leave the agency through the public view.
AK_TITLE_WORD = "Salajanepealkiri"
AK_TITLE = f"{AK_TITLE_WORD} kaebus Naabrimehe ehitusloa kohta isikukood {OTHER_IK}"
AK_FILE_TEXT = "AKFAILISISU7731"
PRIVATE_FILE_TEXT = "SISEFAILISISU4412"
PERSON_FIRST, PERSON_LAST = "Priidik", "Varjatudsalu"  # a private person, a customer
TYPED_FIRST, TYPED_LAST = "Kersti", "Peidetudmets"  # a private person, typed as the party
AK_BASIS = "AvTS § 35 lg 1 p 12"
SENTINELS = [
    AK_TITLE_WORD,
    "Naabrimehe",
    OTHER_IK,
    SENTINEL_IK,
    AK_FILE_TEXT,
    PRIVATE_FILE_TEXT,
    PERSON_FIRST,
    PERSON_LAST,
    TYPED_FIRST,
    TYPED_LAST,
    "Mari Tamm",  # the reg fixture's private customer
]
LINK = re.compile(r"/dokumendiregister/(\d+)/")
ECHOES = re.compile(r'(value|href)="[^"]*"')


@pytest.fixture(autouse=True, params=["walk", "index", "range"])
def search_plan(request, monkeypatch):
    """On PostgreSQL a word search walks the newest documents, and reads a rarer word's matches
    through the GIN indexes when the walk did not fill a page: every test runs each way (a
    window of one document sends nearly every search to the indexes; "range": several words
    found in the window are read in the newest documents first however far that reaches)."""
    if request.param != "walk":
        monkeypatch.setattr(public, "WINDOW", 1)
    if request.param == "range":
        monkeypatch.setattr(public, "RANGE_MAX", 10**9)
    return request.param


@pytest.fixture
def world(reg, users):
    today = timezone.localdate()
    person = Customer.objects.create(
        kind="person",
        name=f"{PERSON_FIRST} {PERSON_LAST}",
        first_name=PERSON_FIRST,
        last_name=PERSON_LAST,
        isikukood=OTHER_IK,
    )
    request = register(
        reg,
        users,
        type_code="teabenoue",
        title="Teabenõue ehitusloa kohta",
        party_name="",
        party_customer=person,
    )
    v1 = document_file_add(
        actor=users["info"],
        document_id=request.pk,
        name="vastus.pdf",
        data=pdf_bytes("Esimene"),
        is_public=True,
    )
    v2 = document_file_add(
        actor=users["info"],
        document_id=request.pk,
        name="vastus.pdf",
        data=pdf_bytes("Teine"),
        is_public=True,
    )
    private_file = document_file_add(
        actor=users["info"], document_id=request.pk, name="sisene.pdf", data=pdf_bytes(PRIVATE_FILE_TEXT)
    )
    company = register(
        reg,
        users,
        title="Märgukiri metsaraie taotluse kohta",
        party_name="",
        party_customer=reg["company"],
        direction="out",
    )
    typed = register(
        reg,
        users,
        title="Küsimus pargi kohta",
        party_name=f"{TYPED_FIRST} {TYPED_LAST}",
        party_is_person=True,
    )
    ak = register(
        reg,
        users,
        title=AK_TITLE,
        party_name=f"{TYPED_FIRST} {TYPED_LAST}",
        access="ak",
        ak_basis=AK_BASIS,
        ak_until=today + timedelta(days=30),
    )
    ak_file = document_file_add(
        actor=users["info"],
        document_id=ak.pk,
        name="kaebus.pdf",
        data=pdf_bytes(AK_FILE_TEXT),
        is_public=True,
    )
    # Restricted until today inclusive: still restricted (the end date is the last restricted day).
    ak_today = register(
        reg,
        users,
        title=f"{AK_TITLE_WORD} teine",
        party_customer=person,
        party_name="",
        access="ak",
        ak_basis=AK_BASIS,
        ak_until=today + timedelta(days=5),
    )
    Document.objects.filter(pk=ak_today.pk).update(ak_until=today)
    ak_today_file = document_file_add(
        actor=users["info"],
        document_id=ak_today.pk,
        name="lisa.pdf",
        data=pdf_bytes(AK_FILE_TEXT),
        is_public=True,
    )
    # Restricted until yesterday: public now, by itself (time passed; nothing was written at the end).
    expired = register(
        reg,
        users,
        title="Avalikustunud vaie loa kohta",
        party_name="Metsaühistu MTÜ",
        party_is_person=False,
        access="ak",
        ak_basis=AK_BASIS,
        ak_until=today + timedelta(days=5),
    )
    Document.objects.filter(pk=expired.pk).update(ak_until=today - timedelta(days=1))
    expired_file = document_file_add(
        actor=users["info"], document_id=expired.pk, name="vaie.pdf", data=pdf_bytes("Vaie"), is_public=True
    )
    return {
        "request": request,
        "company": company,
        "typed": typed,
        "ak": ak,
        "ak_today": ak_today,
        "expired": expired,
        "v1": v1,
        "v2": v2,
        "private_file": private_file,
        "ak_file": ak_file,
        "ak_today_file": ak_today_file,
        "expired_file": expired_file,
        "restricted_files": [ak_file, ak_today_file],
    }


class NoWrites:
    """Fails a statement that would write (run inside connection.execute_wrapper)."""

    def __init__(self):
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        verb = sql.lstrip().split(None, 1)[0].upper()
        assert verb not in {"INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "TRUNCATE"}, sql
        return execute(sql, params, many, context)


def get(client, url, params=None, *, status=200):
    guard = NoWrites()
    with connection.execute_wrapper(guard):
        response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code, response.content[:500])
    assert guard.statements > 0 or status == 404
    return response


def found(client, params: dict) -> set[int]:
    """The documents a search finds, by the HTML page and by the open data (which must agree)."""
    page = body_text(get(client, reverse("registry_public:index"), params))
    data = get(client, reverse("registry_public:data_json"), params).json()
    from_data = {row["id"] for row in data["results"]}
    assert set(map(int, LINK.findall(page))) == from_data, (params, page)
    return from_data


def _all_pages(client, name: str, params: dict) -> list:
    """Every response of an open-data listing, following its next links (one document a page)."""
    responses = []
    url, query = reverse(name), {**params, "limit": 1}
    while url:
        response = get(client, url, query)
        responses.append(response)
        if name.endswith("json"):
            url, query = response.json()["next"], None
        else:
            link = response.get("Link", "")
            url, query = (link[1 : link.index(">")] if link else None), None
        assert len(responses) < 50
    return responses


def test_no_sentinel_leaves_through_any_page_search_or_open_data(client, world):
    """Across every public page, search field and word form, both open-data formats and all their
    pages, in Estonian and English: no sentinel appears, and searching for one finds nothing."""
    all_ids = {d.pk for d in Document.objects.all()}
    responses = []
    for language in ("et", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        responses.append(get(client, reverse("registry_public:index")))
        for doc in Document.objects.all():
            responses.append(get(client, reverse("registry_public:detail", args=[doc.pk])))
        for name in ("registry_public:data_json", "registry_public:data_csv"):
            responses += _all_pages(client, name, {})
    # Every document is listed (an AK one too, by its registration data) across the pages.
    listed = {
        row["id"]
        for r in responses
        if r.get("Content-Type") == "application/json"
        for row in r.json()["results"]
    }
    assert listed == all_ids
    # Public files download; a restricted document's file and a non-public file do not.
    for stored in (world["v1"], world["v2"], world["expired_file"]):
        response = get(client, reverse("registry_public:file", args=[stored.document_id, stored.pk]))
        assert bytes(response.content) == bytes(stored.content)
    for stored in (*world["restricted_files"], world["private_file"]):
        get(client, reverse("registry_public:file", args=[stored.document_id, stored.pk]), status=404)
        # Not through another document's address either.
        get(client, reverse("registry_public:file", args=[world["request"].pk, stored.pk]), status=404)
    searches = []
    for sentinel in SENTINELS:
        for field in ("q", "party", "number"):
            searches.append({field: sentinel})
        searches.append({"q": sentinel, "type": world["ak"].doc_type_id})
    # Word forms of the restricted title's words, and two of them together.
    for form in (
        "salajanepealkirja",
        "SALAJANEPEALKIRJAD",
        "naabrimees",
        "naabrimehele",
        "salajanepealkiri kaebus",
    ):
        searches.append({"q": form})
        searches.append({"q": form, "start": "01.01.2000", "end": "31.12.2099"})
    for params in searches:
        assert found(client, params) == set(), params
        for name in ("registry_public:index", "registry_public:data_json", "registry_public:data_csv"):
            responses.append(get(client, reverse(name), params))
    for response in responses:
        text = body_text(response)
        raw = bytes(response.content)
        if "html" in response.get("Content-Type", ""):
            # What the request itself carried, echoed back in the search form and the links that
            # keep the query, is not data shown.
            text = ECHOES.sub("", text)
        for sentinel in SENTINELS:
            assert sentinel not in text, (response.wsgi_request.get_full_path(), sentinel)
        if "html" not in response.get("Content-Type", ""):
            assert AK_FILE_TEXT.encode() not in raw and PRIVATE_FILE_TEXT.encode() not in raw


def test_restricted_document_shows_registration_data_basis_and_end_not_title(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    ak = world["ak"]
    page = body_text(get(client, reverse("registry_public:detail", args=[ak.pk])))
    assert ak.number in page and "For internal use" in page and AK_BASIS in page
    assert ak.ak_until.strftime("%d.%m.%Y") in page
    assert "vaie" not in page and "kaebus.pdf" not in page
    listing = body_text(get(client, reverse("registry_public:index"), {"number": ak.number}))
    assert ak.number in listing and "For internal use" in listing and "K. P." in listing
    row = get(client, reverse("registry_public:data_json"), {"number": ak.number}).json()["results"][0]
    assert row["title"] is None and row["restricted"] is True and row["files"] == []
    assert row["restriction_basis"] == AK_BASIS and row["restricted_until"] == ak.ak_until.isoformat()
    assert row["party"] == "K. P."
    # Estonian first.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "et"
    page = body_text(get(client, reverse("registry_public:detail", args=[ak.pk])))
    assert "Asutusesiseseks kasutamiseks" in page


def test_restriction_ends_by_itself_title_and_public_files_appear(client, world):
    expired = world["expired"]
    assert Document.objects.get(pk=expired.pk).access == "ak"  # nothing was rewritten
    page = body_text(get(client, reverse("registry_public:detail", args=[expired.pk])))
    assert "Avalikustunud vaie loa kohta" in page and "vaie.pdf" in page and AK_BASIS not in page
    assert found(client, {"q": "avalikustunud"}) == {expired.pk}
    assert found(client, {"q": "vaiet"}) == {expired.pk}  # another word form
    row = get(client, reverse("registry_public:data_json"), {"q": "vaie"}).json()["results"][0]
    assert row["title"] == "Avalikustunud vaie loa kohta" and row["restricted"] is False
    assert [f["name"] for f in row["files"]] == ["vaie.pdf"]
    # Until the end date inclusive it is restricted: its title words do not find it.
    assert found(client, {"q": "teine"}) == set()


def test_private_person_by_initials_company_in_full(client, world):
    request, company = world["request"], world["company"]
    page = body_text(get(client, reverse("registry_public:detail", args=[request.pk])))
    assert "P. V." in page and PERSON_LAST not in page
    page = body_text(get(client, reverse("registry_public:detail", args=[company.pk])))
    assert "Metsatöö OÜ" in page
    rows = {r["id"]: r for r in get(client, reverse("registry_public:data_json")).json()["results"]}
    assert rows[request.pk]["party"] == "P. V." and rows[world["typed"].pk]["party"] == "K. P."
    assert rows[company.pk]["party"] == "Metsatöö OÜ"
    assert rows[world["expired"].pk]["party"] == "Metsaühistu MTÜ"
    text = get(client, reverse("registry_public:data_csv")).content.decode("utf-8-sig")
    table = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert table[request.pk]["party"] == "P. V." and table[company.pk]["party"] == "Metsatöö OÜ"
    assert table[request.pk]["title"] == "Teabenõue ehitusloa kohta"
    assert table[world["ak"].pk]["title"] == "" and table[world["ak"].pk]["restricted"] == "true"
    # A company is found by its name, in the words or as the party; a person by full name is not.
    assert found(client, {"q": "Metsatöö"}) == {company.pk}
    assert found(client, {"party": "metsatööd"}) == {company.pk}
    assert found(client, {"party": f"{PERSON_FIRST} {PERSON_LAST}"}) == set()
    assert found(client, {"q": f"{PERSON_FIRST} {PERSON_LAST}"}) == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("teabenõue", "request"),
        ("teabenõude", "request"),
        ("teabenõuet", "request"),
        ("TEABENÕUDED", "request"),
        ("teabenõuete ehitusloa", "request"),
        ("taotlus", "company"),
        ("taotlusele", "company"),
        ("märgukiri", "company"),
        ("metsaraie", "company"),
    ],
)
def test_word_forms_find_the_title(client, world, query, expected):
    assert found(client, {"q": query}) == {world[expected].pk}


def test_two_words_must_both_match_and_type_number_direction_filter(client, world):
    assert found(client, {"q": "teabenõue metsaraie"}) == set()
    request = world["request"]
    assert found(client, {"q": "kohta", "type": request.doc_type_id}) == {request.pk}
    assert found(client, {"number": request.number}) == {request.pk}
    prefix = request.number.rsplit("/", 1)[0] + "/"
    assert request.pk in found(client, {"number": prefix})
    assert found(client, {"direction": "out"}) == {world["company"].pk}


def test_registration_date_filter(client, world):
    tz = timezone.get_current_timezone()
    day = timezone.localdate() - timedelta(days=40)
    at = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()), tz)
    Document.objects.filter(pk=world["company"].pk).update(registered_at=at + timedelta(minutes=1))
    Document.objects.filter(pk=world["typed"].pk).update(registered_at=at - timedelta(minutes=1))
    others = {d.pk for d in Document.objects.all()} - {world["company"].pk, world["typed"].pk}
    d = day.strftime("%d.%m.%Y")
    assert found(client, {"start": d, "end": d}) == {world["company"].pk}
    assert found(client, {"end": (day - timedelta(days=1)).strftime("%d.%m.%Y")}) == {world["typed"].pk}
    assert found(client, {"start": (day + timedelta(days=1)).isoformat()}) == others
    assert found(client, {"q": "kohta", "start": d, "end": d}) == {world["company"].pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "31.02.2026"}, "start"),
        ({"end": "homme"}, "end"),
        ({"start": "02.02.2026", "end": "01.02.2026"}, "end"),
        ({"after": "abc"}, "after"),
        ({"after": "99999999999999999999-1"}, "after"),
        # Days the register cannot have: year 1 or 9999 used to overflow the day's bounds (500).
        ({"start": "0001-01-01"}, "start"),
        ({"end": "9999-12-31"}, "end"),
        ({"end": "31.12.9999"}, "end"),
        # A document id past a bigint.
        ({"after": "1-99999999999999999999"}, "after"),
        ({"limit": "0"}, "limit"),
        ({"limit": "5000"}, "limit"),
        ({"type": "x"}, "type"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_bad_query_gets_a_message_not_an_error(client, world, params, field):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = get(client, reverse("registry_public:index"), params, status=400)
    assert 'role="alert"' in page.content.decode()
    answer = get(client, reverse("registry_public:data_json"), params, status=400).json()
    assert answer["field"] == field and answer["detail"]
    csv_answer = get(client, reverse("registry_public:data_csv"), params, status=400)
    assert field in csv_answer.content.decode()


def test_paging_newest_first_without_gaps_or_repeats(client, reg, users, world):
    for n in range(25):
        register(reg, users, title=f"Korduv kiri number {n}")
    everything = list(Document.objects.order_by("-registered_at", "-pk").values_list("pk", flat=True))
    seen, params = [], {}
    while True:
        page = body_text(get(client, reverse("registry_public:index"), params))
        seen += [int(i) for i in dict.fromkeys(LINK.findall(page))]
        more = re.search(r'href="\?(?:[^"]*&amp;)?after=([\d-]+)"', page)
        if not more:
            break
        params = {"after": more[1]}
    assert seen == everything
    json_ids = [r.json()["results"][0]["id"] for r in _all_pages(client, "registry_public:data_json", {})]
    assert json_ids == everything
    csv_pages = _all_pages(client, "registry_public:data_csv", {"q": "korduv"})
    csv_ids = [int(next(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))["id"]) for r in csv_pages]
    assert len(csv_ids) == 25 and csv_ids == [i for i in everything if i in set(csv_ids)]


def test_file_versions_latest_first_older_listed(client, world):
    request = world["request"]
    page = body_text(get(client, reverse("registry_public:detail", args=[request.pk])))
    latest = reverse("registry_public:file", args=[request.pk, world["v2"].pk])
    older = reverse("registry_public:file", args=[request.pk, world["v1"].pk])
    assert page.index(latest) < page.index(older)
    assert "sisene.pdf" not in page
    files = get(client, reverse("registry_public:data_json"), {"number": request.number}).json()["results"][
        0
    ]["files"]
    assert [(f["name"], f["version"]) for f in files] == [("vastus.pdf", 2), ("vastus.pdf", 1)]


def test_unknown_document_is_404(client, world):
    get(client, reverse("registry_public:detail", args=[999999]), status=404)


def test_open_data_documents_its_fields(client, world):
    answer = get(client, reverse("registry_public:data_json")).json()
    assert set(answer["fields"]) == set(answer["results"][0])
    header = next(
        csv.reader(io.StringIO(get(client, reverse("registry_public:data_csv")).content.decode("utf-8-sig")))
    )
    assert set(header) <= set(answer["fields"])


def test_login_page_links_to_the_public_register(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("registry_public:index") in page


def test_a_signed_in_user_sees_the_same_public_view(client, users, world):
    client.force_login(users["admin"])
    page = body_text(get(client, reverse("registry_public:detail", args=[world["ak"].pk])))
    assert AK_TITLE_WORD not in page and DocumentFile.objects.filter(document=world["ak"]).exists()


def test_postgresql_reads_a_rarer_word_through_the_gin_indexes(client, world, search_plan):
    """The index plan really runs (and answers like the walk): with a window of one document the
    search reads the words' matches by to_tsvector @@ to_tsquery, which the GIN indexes serve."""
    if connection.vendor != "postgresql":
        pytest.skip("the GIN indexes are PostgreSQL's")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert found(client, {"q": "teabenõude ehitusloa"}) == {world["request"].pk}
    used = any("to_tsquery" in q["sql"] for q in queries.captured_queries)
    assert used == (search_plan != "walk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_document'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"document_public_words", "document_title_words"} <= names


def test_several_words_newest_range_first_then_all_same_answer_title_privacy_kept(client, reg, users):
    """Several words: whichever plan reads them (the walk, the newest range through the indexes,
    then all; the words' bitmaps ANDed), every page holds the matches newest first, no gap, no
    repeat, and a restricted document's title words do not find it."""
    title = "Kaebus Sinilille tänava valgustuse kohta"
    day = timezone.localdate() + timedelta(days=9)
    docs, registered = [], []
    for n in range(7):
        docs.append(register(reg, users, title=title))
        registered.append(docs[-1])
        if n in (2, 4):
            registered.append(register(reg, users, title=title, access="ak", ak_basis=AK_BASIS, ak_until=day))
        registered.append(register(reg, users, title="Kaebus muu asja kohta"))
    start = timezone.now() - timedelta(days=30)
    for n, doc in enumerate(registered):  # a minute apart, in this order
        Document.objects.filter(pk=doc.pk).update(registered_at=start + timedelta(minutes=n))
    expected = [doc.pk for doc in reversed(docs)]
    statements = []  # (a request empties connection.queries: CaptureQueriesContext spans one)

    def record(run, sql, *args):
        statements.append(sql)
        return run(sql, *args)

    for words in ("kaebus sinilille", "sinilillede KAEBUSELE valgustus", "tänava sinilille kohta"):
        statements.clear()
        with connection.execute_wrapper(record):
            pages = _all_pages(client, "registry_public:data_json", {"q": words})
        ids = [row["id"] for page in pages for row in page.json()["results"]]
        assert ids == expected, words
        assert found(client, {"q": words}) == set(expected)
        if connection.vendor == "postgresql" and public.WINDOW == 1:
            indexed = [sql for sql in statements if "to_tsquery" in sql]
            assert indexed and (public.RANGE_MAX < 10**9 or any('"registered_at" >=' in q for q in indexed))
    assert found(client, {"q": "kaebus sinilille muu"}) == set()
