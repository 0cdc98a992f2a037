"""The team lead reads today's call figures in percent and downloads a spreadsheet whose cells are
real dates and percents."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.telephony.models import Queue
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.tests.test_startpage import _today_calls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NBSP = "\u00a0"


@pytest.fixture
def calls_today(db):
    user = User.objects.create_user(
        username="juht", password="demo", first_name="Jelena", last_name="Lorents"
    )
    user.groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    Queue.objects.create(name="pensionid", sl_threshold_seconds=20, short_abandon_seconds=5)
    import_queue_log(_today_calls())  # SL = 1 / (5 − 1) = 25,0 %


def test_team_lead_reads_todays_figures_in_percent_and_downloads_real_cells(
    live_server, page, calls_today, tmp_path
):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Kasutajanimi").fill("juht")
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()
    page.get_by_role("link", name="Kõnestatistika").first.click()

    assert page.locator("#now-service-level").inner_text() == f"25,0{NBSP}%"
    # The page opens on the last seven days by day, today included.
    table = page.locator("table").first
    assert f"25,0{NBSP}%" in table.inner_text()
    assert page.locator("#sl-definition").inner_text().startswith("Teenindustase (SL) =")
    sl_title = table.locator("abbr", has_text="SL").get_attribute("title")
    assert sl_title.startswith("teenindustase:")

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    name = download.value.suggested_filename
    assert name.startswith("calls-") and name.endswith(".xlsx")
    download.value.save_as(tmp_path / name)
    sheet = load_workbook(tmp_path / name).active
    headings = [cell.value for cell in sheet[2]]
    today = {heading: cell for heading, cell in zip(headings, sheet[3], strict=True)}
    start = today["Perioodi algus"]
    assert start.is_date and start.number_format == "dd.mm.yyyy"
    assert start.value == datetime.combine(timezone.localdate(), datetime.min.time())
    level = today["Teenindustase (SL)"]
    assert level.data_type == "n" and level.value == 0.25 and level.number_format == "0.0%"
