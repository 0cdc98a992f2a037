"""Helpers for the tests of every app (never imported by application code)."""

import threading

from django.db import connections


def race(target, n: int) -> tuple[list, list[BaseException]]:
    """Run `target(i)` in n threads released together by a barrier, each on its own database
    connection (closed after): their results (by i) and the errors raised. Fails when a thread is
    still waiting after two minutes (a lock wait without end)."""
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
    assert not any(t.is_alive() for t in threads), "a thread hung (a lock wait without end?)"
    return results, errors
