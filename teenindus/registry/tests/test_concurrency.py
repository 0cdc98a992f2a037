"""The register under concurrent writes (PostgreSQL): threads with their own connections,
released at once, stand for several servers sharing one database."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from teenindus.registry.models import Document
from teenindus.registry.tests.helpers import register

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(target, n: int) -> tuple[list, list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except BaseException as exc:  # noqa: BLE001 - every failure counts
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_sixteen_registrations_at_once_get_numbers_1_to_16(reg, users):
    """The series counter's upsert locks its row until the registration commits."""
    results, errors = _race(lambda i: register(reg, users, title=f"Kiri {i}").seq, 16)
    assert errors == []
    assert sorted(results) == list(range(1, 17))
    year = date.today().year
    assert sorted(Document.objects.values_list("number", flat=True)) == sorted(
        f"1-2/{year}/{n}" for n in range(1, 17)
    )
