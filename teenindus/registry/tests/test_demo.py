"""The demo register: a few months of documents, numbered without gaps, with what the pages need
to show (replies, an extension, restrictions, overdue documents, forwardings); a second run writes
nothing."""

import pytest
from django.db.models import Count
from django.utils import timezone

from teenindus.demo.loader import load_customers, load_org
from teenindus.demo.registry import load_registry
from teenindus.registry.models import Document, DocumentLink, Forwarding, SeriesCounter

pytestmark = pytest.mark.django_db


def test_the_demo_register(settings):
    load_org()
    load_customers()
    written = load_registry()
    assert 200 <= written <= 400 and Document.objects.count() == written
    assert load_registry() == 0 and Document.objects.count() == written
    # Numbers: 1..n in each series and year, and the counter continues after them.
    for row in Document.objects.values("series", "year").annotate(n=Count("pk")):
        seqs = sorted(
            Document.objects.filter(series=row["series"], year=row["year"]).values_list("seq", flat=True)
        )
        assert seqs == list(range(1, row["n"] + 1))
        assert SeriesCounter.objects.get(series=row["series"], year=row["year"]).last == row["n"]
    today = timezone.localdate()
    docs = Document.objects.all()
    assert DocumentLink.objects.filter(kind="reply").count() > 50
    assert docs.filter(extended_at__isnull=False).count() == 1
    assert DocumentLink.objects.filter(kind="notice").count() == 1
    assert docs.filter(access="ak", ak_until__lt=today).count() == 1
    assert docs.filter(access="ak", ak_until__gte=today).count() >= 5
    assert 3 <= docs.filter(state="open", deadline__lt=today).count() <= 30
    assert (
        docs.filter(party_customer__kind="person").exists()
        and docs.filter(party_customer__kind="company").exists()
    )
    assert docs.filter(party_customer__isnull=True, party_is_person=True).exists()
    assert docs.filter(direction="out", doc_type__code="toend").count() == 30
    assert docs.filter(registered_late=True).exists()
    open_forwardings = Forwarding.objects.filter(state="open")
    assert {f.to_user.username for f in open_forwardings} == {"spetsialist", "juht"}
    assert all(" " in d.public_stems for d in docs[:20])


def test_the_demo_register_pages_render_for_the_demo_roles(client):
    load_org()
    load_customers()
    load_registry()
    from teenindus.accounts.models import User

    overdue = Document.objects.filter(state="open", deadline__lt=timezone.localdate()).first()
    forwarded = Forwarding.objects.filter(state="open", to_user__username="spetsialist").first()
    for username in ("infolett", "juht", "noustaja"):
        client.force_login(User.objects.get(username=username))
        index = client.get("/registry/")
        assert index.status_code == 200 and "Dokumendiregister" in index.content.decode()
        assert client.get(f"/registry/{overdue.pk}/").status_code == 200
        assert client.get("/registry/?due=overdue").status_code == 200
    client.force_login(User.objects.get(username="infolett"))
    assert "Registreeri saabunud dokument" in client.get("/registry/incoming/").content.decode()
    client.force_login(User.objects.get(username="spetsialist"))
    mine = client.get("/registry/mine/").content.decode()
    assert forwarded.document.number in mine
    assert forwarded.document.number in client.get("/").content.decode()
    assert client.get(f"/registry/forwardings/{forwarded.pk}/reply/").status_code == 200


def test_the_demo_has_one_series_per_purpose():
    """The register's demo and the papers' defaults share the certificates' series; decisions have
    their own (9-3 "Otsused"), whichever is loaded first."""
    from teenindus.demo.papers import load_papers
    from teenindus.registry.models import DocumentType, Series

    load_org()
    load_customers()
    load_registry()
    load_papers()
    names = list(Series.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)), names
    assert Series.objects.get(code="9-3").name == "Otsused"
    certificates = Series.objects.get(code="9-2")
    assert certificates.name == "Väljastatud tõendid"
    assert DocumentType.objects.get(code="toend").default_series == certificates
    assert Document.objects.filter(doc_type__code="toend").exclude(series=certificates).count() == 0
    assert Document.objects.filter(series=certificates).count() == 30
