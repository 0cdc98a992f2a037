"""The contact analysis' figures against the hand-counted fixture (conftest.world)."""

from datetime import date

import pytest

from teenindus.analysis.selectors import Period, analysis_report, topic_ids_of_unit
from teenindus.analysis.tests.conftest import NOTE, WORDS
from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def report(world, unit=None, **extra):
    return analysis_report(
        ctx=extra.pop("ctx", None),
        start=world["start"],
        end=world["end"],
        unit_id=world["units"][unit].pk if unit else None,
        **extra,
    )


def by_topic(r) -> dict:
    return {row.topic: row for row in r.topics}


def test_contacts_by_topic_against_the_previous_month_and_a_year_before(world):
    r = report(world)
    assert r.previous == Period(date(2026, 9, 1), date(2026, 10, 1))
    assert r.last_year == Period(date(2025, 10, 1), date(2025, 11, 1))
    rows = by_topic(r)
    old, dis, fam = (
        rows["Pensionid › Vanaduspension"],
        rows["Pensionid › Töövõimetus"],
        rows["Toetused › Peretoetus"],
    )
    assert (old.contacts, old.previous, old.last_year) == (4, 1, 2)
    assert (old.change, old.change_share, old.change_year, old.change_year_share) == (3, 3.0, 2, 1.0)
    assert (dis.contacts, dis.previous, dis.last_year, dis.change) == (1, 2, 0, -1)
    assert dis.change_year_share is None  # nothing a year before: no percentage
    assert (fam.contacts, fam.previous, fam.last_year, fam.change, fam.change_year) == (3, 1, 3, 2, 0)
    assert [row.topic for row in r.topics] == [
        "Pensionid › Vanaduspension",
        "Toetused › Peretoetus",
        "Pensionid › Töövõimetus",
    ]
    assert (r.total.contacts, r.total.previous, r.total.last_year) == (8, 4, 5)


def test_the_topics_that_grew_most(world):
    assert [row.topic for row in report(world).growth] == [
        "Pensionid › Vanaduspension",
        "Toetused › Peretoetus",
    ]


def test_escalation_share_per_topic(world):
    rows = by_topic(report(world))
    assert rows["Pensionid › Vanaduspension"].escalated == 2
    assert rows["Pensionid › Vanaduspension"].escalation_share == 0.5
    assert rows["Toetused › Peretoetus"].escalation_share == pytest.approx(1 / 3)
    assert rows["Pensionid › Töövõimetus"].escalation_share == 0


def test_customer_feedback_per_topic(world):
    rows = by_topic(report(world))
    old, fam, dis = (
        rows["Pensionid › Vanaduspension"],
        rows["Toetused › Peretoetus"],
        rows["Pensionid › Töövõimetus"],
    )
    assert (old.answers, old.mean_satisfaction, old.solved_share) == (
        2,
        3.5,
        0.5,
    )  # September's answer left out
    assert (fam.answers, fam.mean_satisfaction, fam.solved_share) == (1, 4.0, 1.0)
    assert (dis.answers, dis.mean_satisfaction, dis.solved_share) == (0, None, None)


def test_contacts_by_channel_and_outcome(world):
    r = report(world)
    channels = {row.key: (row.contacts, row.previous, row.last_year) for row in r.channels}
    assert channels == {
        "phone": (5, 3, 5),
        "visit": (2, 1, 0),
        "email": (1, 0, 0),
        "letter": (0, 0, 0),
        "ticket": (0, 0, 0),
    }
    outcomes = {row.key: (row.contacts, row.previous, row.last_year) for row in r.outcomes}
    assert outcomes == {
        "solved": (4, 4, 5),
        "escalated": (3, 0, 0),
        "call_back": (1, 0, 0),
        "referred": (0, 0, 0),
    }


def test_filtered_to_the_topics_a_unit_owns(world):
    topics = world["topics"]
    assert topic_ids_of_unit(unit_id=world["units"]["pensions"].pk) == {
        topics["old"].parent_id,
        topics["old"].pk,
        topics["disability"].pk,
    }
    pensions = report(world, "pensions")
    assert set(by_topic(pensions)) == {"Pensionid › Vanaduspension", "Pensionid › Töövõimetus"}
    assert (pensions.total.contacts, pensions.total.previous, pensions.total.last_year) == (5, 3, 2)
    assert {row.key: row.contacts for row in pensions.channels}["visit"] == 1
    benefits = report(world, "benefits")
    assert set(by_topic(benefits)) == {"Toetused › Peretoetus"}
    assert (benefits.total.contacts, benefits.total.previous, benefits.total.last_year) == (3, 1, 3)


def test_periods_that_are_not_months(world):
    assert Period(date(2026, 10, 11), date(2026, 10, 21)).previous() == Period(
        date(2026, 10, 1), date(2026, 10, 11)
    )
    assert Period(date(2028, 2, 29), date(2028, 3, 1)).year_before() == Period(
        date(2027, 2, 28), date(2027, 3, 1)
    )
    assert Period(date(2026, 1, 1), date(2026, 2, 1)).previous() == Period(
        date(2025, 12, 1), date(2026, 1, 1)
    )


def test_free_text_only_when_asked_and_the_look_is_logged(world, users):
    assert report(world).notes == []
    ctx = AccessContext(actor=users["teamlead"], view="analysis:index", purpose="test")
    with_notes = report(world, "pensions", include_notes=True, ctx=ctx)
    texts = [n["text"] for n in with_notes.notes]
    assert {NOTE, WORDS} <= set(texts)
    assert AccessLog.objects.filter(customer=world["customer"], action="analysis_notes").count() == 1
    assert report(world, "benefits", include_notes=True, ctx=ctx).notes == []
