"""Benchmarks run against a database of their own (never the demo's): a fresh one each time."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/teenindus_bench")
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def pg_url(name: str) -> str:
    """A database of this name on the bench's PostgreSQL server (BENCH_PG_URL's server)."""
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def sqlite_url(name: str) -> str:
    """A SQLite file of this name under var/."""
    return f"sqlite:///{ROOT / 'var' / name}.sqlite3"


def setup(url: str) -> None:
    """Point Django at `url`, recreate that database empty, migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            # FORCE: a server left over from an interrupted run must not keep the database alive.
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def phone_system_token(username: str = "bench-phone-system") -> str:
    """A user with the phone system's role and a fresh API token of theirs (the plain text)."""
    from django.contrib.auth.models import Group

    from teenindus.accounts import roles
    from teenindus.accounts.models import User
    from teenindus.accounts.services import api_token_create

    user, _created = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=roles.PHONE_SYSTEM))
    _token, raw = api_token_create(actor=user, user=user, name="bench run")
    return raw


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
