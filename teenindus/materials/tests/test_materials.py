"""Information materials: a new edition flags the offices still holding the old one on the info
specialist's start page until they record it; the office records its stock checks (its own office
only); bad input changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teenindus.audit.models import AccessLog
from teenindus.materials.models import Edition, Holding, Material, StockCheck
from teenindus.materials.services import edition_publish, stock_check

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _home(client) -> str:
    return client.get(reverse("home")).content.decode()


def test_a_replaced_edition_flags_every_office_until_it_records_the_new_one(as_, offices, users):
    client = as_("info")
    assert "Offices holding a replaced edition" not in _home(client)
    response = client.post(
        reverse("materials:publish", args=[offices["leaflet"].pk]),
        {"label": "2026/1", "note": "Uued määrad", "file": SimpleUploadedFile("voldik.pdf", PDF)},
    )
    assert response.status_code == 302
    new = Edition.objects.get(label="2026/1")
    assert Material.objects.get().current_edition == new
    home = _home(client)
    assert "Tartu esindus: Pensioni infovoldik" in home and "Pärnu esindus: Pensioni infovoldik" in home
    assert "holds 2025/1, current 2026/1" in home
    # The Tartu agent records the new edition for their office: Tartu leaves the list, Pärnu stays.
    tartu = offices["holdings"]["tartu"]
    response = as_("agent").post(reverse("materials:edition", args=[tartu.pk]), {"edition": new.pk})
    assert response.status_code == 302
    home = _home(as_("info"))
    assert "Tartu esindus: Pensioni infovoldik" not in home and "Pärnu esindus: Pensioni infovoldik" in home
    # The Pärnu agent sees their own office's flag on their start page, not Tartu's.
    home = _home(as_(offices["parnu_agent_user"]))
    assert "Pärnu esindus: Pensioni infovoldik" in home and "Tartu esindus" not in home
    # The edition's PDF is served as what it is.
    download = as_("agent").get(reverse("materials:edition_file", args=[offices["leaflet"].pk, new.pk]))
    assert download.status_code == 200 and download.content == PDF


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_published(as_, offices):
    response = as_("info").post(
        reverse("materials:publish", args=[offices["leaflet"].pk]),
        {"label": "2026/1", "file": SimpleUploadedFile("voldik.pdf", b"MZ\x90\x00binary\x00")},
    )
    assert response.status_code == 422
    assert "This kind of file is not accepted" in response.content.decode()
    assert Edition.objects.count() == 1 and Material.objects.get().current_edition == offices["first"]
    # A real PNG named .pdf is refused too.
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    response = as_("info").post(
        reverse("materials:publish", args=[offices["leaflet"].pk]),
        {"label": "2026/1", "file": SimpleUploadedFile("voldik.pdf", png)},
    )
    assert response.status_code == 422 and Edition.objects.count() == 1


def test_an_edition_label_used_before_is_refused(as_, offices):
    response = as_("info").post(
        reverse("materials:publish", args=[offices["leaflet"].pk]), {"label": "2025/1"}
    )
    assert response.status_code == 409
    assert "has an edition 2025/1 already" in response.content.decode()
    assert Edition.objects.count() == 1


def test_checked_today_records_who_and_when_once_a_day(as_, offices, users):
    tartu = offices["holdings"]["tartu"]
    client = as_("agent")
    assert client.post(reverse("materials:check", args=[tartu.pk]), {"quantity": "40"}).status_code == 302
    assert (
        client.post(
            reverse("materials:check", args=[tartu.pk]), {"quantity": "35", "note": "Juurde tellitud"}
        ).status_code
        == 302
    )
    check = StockCheck.objects.get()  # one a day
    assert (check.quantity, check.note, check.checked_by) == (35, "Juurde tellitud", users["agent"])
    holding = Holding.objects.get(pk=tartu.pk)
    assert holding.quantity == 35 and holding.checked_by == users["agent"]
    before = AccessLog.objects.count()
    page = as_("teamlead").get(reverse("materials:office", args=[offices["tartu"].pk])).content.decode()
    assert "Lettija" in page and "35 pcs" in page
    logged = AccessLog.objects.exclude(pk__lte=before if before else 0).filter(action="stock_checkers")
    assert list(logged.values_list("subject_id", flat=True)) == [offices["agent"].pk]


def test_front_desk_staff_record_only_their_own_office(as_, offices):
    parnu = offices["holdings"]["parnu"]
    response = as_("agent").post(reverse("materials:check", args=[parnu.pk]), {"quantity": "3"})
    assert response.status_code == 403
    response = as_("agent").post(
        reverse("materials:edition", args=[parnu.pk]), {"edition": offices["first"].pk}
    )
    assert response.status_code == 403
    assert not StockCheck.objects.exists()
    page = as_("agent").get(reverse("materials:office", args=[offices["parnu"].pk])).content.decode()
    assert "Checked today" not in page
    assert as_("outsider").get(reverse("materials:index")).status_code == 403
    assert as_("agent").post(reverse("materials:create"), {"name": "X", "kind": "leaflet"}).status_code == 403


def test_bad_stock_input_gets_a_message_and_changes_nothing(as_, offices):
    tartu = offices["holdings"]["tartu"]
    response = as_("agent").post(reverse("materials:check", args=[tartu.pk]), {"quantity": "-4"})
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    other = Material.objects.create(name="Teine")
    foreign = Edition.objects.create(material=other, number=1, label="1", published_by=offices["info"].user)
    response = as_("agent").post(reverse("materials:edition", args=[tartu.pk]), {"edition": foreign.pk})
    assert response.status_code == 422 and "Choose an edition of this material." in response.content.decode()
    assert not StockCheck.objects.exists()
    assert Holding.objects.get(pk=tartu.pk).edition == offices["first"]


def test_the_lists_show_editions_and_the_outdated_offices(as_, offices, users):
    edition_publish(actor=users["teamlead"], material_id=offices["leaflet"].pk, label="2026/1")
    stock_check(actor=users["agent"], holding_id=offices["holdings"]["tartu"].pk, quantity=12)
    page = as_("agent").get(reverse("materials:index")).content.decode()
    assert "2026/1" in page and "2025/1" in page and "2 outdated" not in page and "1 outdated" in page
    page = as_("agent").get(reverse("materials:office", args=[offices["tartu"].pk])).content.decode()
    assert "outdated" in page and "We now hold 2026/1" in page and "12 pcs" in page
