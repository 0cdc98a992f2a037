"""Knowledge base writes at once (PostgreSQL, threads with their own connections released together):

- the same guide linked to the same contact by several requests at once: one link (the unique
  constraint, get_or_create and the IntegrityError fallback in services.guide_use_link);
- two writers saving the same version at once: one new version, the other refused (the guide's row
  lock and the version check under it)."""

import pytest
from django.db import connection

from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import ConcurrentEditError
from teenindus.core.testing import race
from teenindus.knowledge import services
from teenindus.knowledge.models import GuideUse, GuideVersion

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _published(users, topic):
    guide = services.guide_create(actor=users["teamlead"], title="Lapsetoetus", body="Tekst", topics=[topic])
    services.guide_move(actor=users["teamlead"], guide_id=guide.pk, move="publish")
    return guide


def test_one_guide_linked_to_one_contact_at_once_makes_one_link(users, topic):
    guide = _published(users, topic)
    contact = contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved")
    linkers = [users["agent"], users["senior"], users["teamlead"], users["info"]]

    def link(i: int):
        return services.guide_use_link(actor=linkers[i], guide_id=guide.pk, contact_id=contact.pk)

    results, errors = race(link, 4)

    assert errors == []
    assert GuideUse.objects.filter(guide=guide, contact=contact).count() == 1
    assert sum(created for _use, created in results) == 1
    assert len({use.pk for use, _created in results}) == 1


def test_two_saves_of_the_same_version_at_once_one_wins_the_other_is_refused(users, topic):
    guide = _published(users, topic)
    writers = [users["teamlead"], users["senior"]]

    def save(i: int):
        return services.guide_update(
            actor=writers[i], guide_id=guide.pk, version=1, title=guide.title, body=f"Tekst {i}"
        )

    results, errors = race(save, 2)

    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 1 and isinstance(errors[0], ConcurrentEditError)
    assert list(
        GuideVersion.objects.filter(guide=guide).values_list("number", flat=True).order_by("number")
    ) == [1, 2]


def test_drafts_from_one_contact_at_once_make_one_guide(users, topic):
    from teenindus.knowledge.models import Guide

    contact = contact_record(actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved")
    writers = [users["teamlead"], users["senior"], users["info"], users["teamlead"]]

    def draft(i: int):
        return services.guide_draft_create(
            actor=writers[i], title=f"Juhtum {i}", body="", topics=[topic], source_contact=contact
        ).pk

    results, errors = race(draft, 4)

    assert errors == []
    assert Guide.objects.filter(source_contact=contact).count() == 1
    assert len(set(results)) == 1
