"""The register under concurrent writes (PostgreSQL): threads with their own connections,
released at once, stand for several servers sharing one database."""

import pytest
from django.db import connection
from django.utils import timezone

from teenindus.core.testing import race
from teenindus.registry.models import Document
from teenindus.registry.tests.helpers import register

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_sixteen_registrations_at_once_get_numbers_1_to_16(reg, users):
    """The series counter's upsert locks its row until the registration commits."""
    results, errors = race(lambda i: register(reg, users, title=f"Kiri {i}").seq, 16)
    assert errors == []
    assert sorted(results) == list(range(1, 17))
    year = timezone.localdate().year
    assert sorted(Document.objects.values_list("number", flat=True)) == sorted(
        f"1-2/{year}/{n}" for n in range(1, 17)
    )


def test_a_forwarding_answered_twice_at_once_gets_one_reply(reg, users):
    """The forwarding's row lock and its state checked under it (services.forwarding)."""
    from django.utils import timezone

    from teenindus.core.exceptions import ConflictError
    from teenindus.registry.models import DocumentLink, Forwarding
    from teenindus.registry.services.forwarding import document_forward, forwarding_reply

    request = register(reg, users, type_code="teabenoue", series="requests")
    forwarding = document_forward(
        actor=users["info"], document_id=request.pk, to_user=users["second"], due=timezone.localdate()
    )
    results, errors = race(
        lambda i: forwarding_reply(actor=users["second"], forwarding_id=forwarding.pk, title=f"Vastus {i}"), 4
    )
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 3 and all(isinstance(e, ConflictError) for e in errors)
    assert DocumentLink.objects.filter(to_document=request, kind="reply").count() == 1
    assert Forwarding.objects.get().state == "replied"


def test_two_edits_from_one_form_at_once_save_one(reg, users):
    """The document's row lock and the version checked under it (services.common.document_lock)."""
    from teenindus.core.exceptions import ConcurrentEditError
    from teenindus.registry.services.work import document_update

    doc = register(reg, users)

    def edit(i):
        return document_update(
            actor=users["info"],
            document_id=doc.pk,
            version=doc.version,
            title=f"Pealkiri {i}",
            party_name="Mari Tamm",
            channel="post",
        )

    results, errors = race(edit, 4)
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 3 and all(isinstance(e, ConcurrentEditError) for e in errors)
    doc.refresh_from_db()
    assert doc.version == 2
