"""Tickets (issue #10, speed): the team lead's breach-warning list and one owner's "my escalations"
with 1,000,000 tickets on PostgreSQL, and the due times of 100,000 new tickets on the calendar.

1. Lists. 1,000,000 tickets are generated inside PostgreSQL (one INSERT ... SELECT over
   generate_series, not through the services): 300 first-level owners, 10 second-level groups of
   5 members with 3 categories each, 50,000 customers (80% of tickets carry one), three years of
   history. 200,000 are open (new 5%, assigned 25%, in progress 40%, waiting for the customer 10%,
   waiting for first level 5%, solved 10%, answer delivered 5%), created within the last 60 days;
   the running clock's due time (`next_due`) of those whose clock runs is spread from 12 hours ago
   to 20 days ahead, so a few thousand are past due; waiting and delivered ones have none (their
   clock stands), closed ones neither. ANALYZE, then the selectors are timed as a page calls them,
   the access-log write included: `deadlines_due` for a team lead (sees every ticket) and
   `escalations_mine` for one owner. Median and p95 over --repeat calls; EXPLAIN ANALYZE printed.
2. Due times. `deadlines.deadlines_compute` for 100,000 new tickets (random creation instants over
   the next year, whole minutes; first response 1-16 working hours; solution half 4-40 working
   hours, half 1-15 working days), the calendar loaded once from the database; then the same
   function over a calendar whose add/add_days/between are the naive minute-by-minute walk
   (core/worktime_reference.py) on a sample, extrapolated to all (the output says so); the
   sample's due times are checked equal to the fast ones.

Goals from the issue: each list < 100 ms; 100,000 due times < 5 s; the ratio to the naive walk.
Usage: python bench/tickets.py [--tickets 1000000] [--open 200000] [--repeat 30]
       [--due 100000] [--sample 200]
"""

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from _setup import percentile, pg_url, setup

OWNERS, GROUPS, MEMBERS, CATEGORIES, CUSTOMERS = 300, 10, 5, 3, 50_000

CUSTOMERS_SQL = """
INSERT INTO customers_customer (created_at, updated_at, kind, name, search_name, first_name, last_name,
    birth_date, language, note, version)
SELECT now(), now(), 'person', 'Klient ' || g, 'klient ' || g, 'Klient', g::text,
    date '1950-01-01' + (g %% 20000), 'et', '', 1
FROM generate_series(1, %(n)s) g
"""

# Open tickets first (g <= open): their state by a fixed share, created in the last 60 days; the
# rest closed over three years. %(owners)s, %(cats)s, ... are arrays of ids (1-based in SQL).
TICKETS_SQL = """
SELECT setseed(0.10);
INSERT INTO tickets_ticket (created_at, updated_at, kind, summary, description, priority, details, state,
    state_since, version, sla_response_hours, sla_solution_amount, sla_solution_unit, sla_delivery_days,
    response_due, solution_due, delivery_due, next_due, next_due_kind, responded_at, solved_at,
    delivered_at, closed_at, delivery_channel, reopen_count, jira_key, jira_sync, jira_error,
    jira_attempts, assignee_id, category_id, customer_id, group_id, owner_id)
SELECT t.created, t.created, 'question', 'Pöördumine ' || g,
    'Kliendi küsimus, mida esimene tase ei lahendanud.',
    (ARRAY['low','normal','normal','normal','high','urgent'])[1 + g %% 6], '{}'::jsonb, s.state,
    t.created + interval '1 hour', 3, 8, 5, 'days', 2,
    t.created + interval '8 hours', t.created + interval '7 days',
    CASE WHEN s.state IN ('solved', 'delivered', 'closed') THEN t.created + interval '9 days' END,
    CASE WHEN s.state IN ('new', 'assigned', 'in_progress', 'solved')
        THEN now() - interval '12 hours' + r.due * interval '20.5 days' END,
    CASE WHEN s.state IN ('new', 'assigned') THEN 'response'
        WHEN s.state = 'in_progress' THEN 'solution' WHEN s.state = 'solved' THEN 'delivery' ELSE '' END,
    CASE WHEN s.state NOT IN ('new', 'assigned') THEN t.created + interval '2 hours' END,
    CASE WHEN s.state IN ('solved', 'delivered', 'closed') THEN t.created + interval '3 days' END,
    CASE WHEN s.state IN ('delivered', 'closed') THEN t.created + interval '4 days' END,
    CASE WHEN s.state = 'closed' THEN t.created + interval '5 days' END,
    CASE WHEN s.state IN ('delivered', 'closed') THEN 'phone' ELSE '' END,
    0, '', '', '', 0,
    CASE WHEN s.state <> 'new'
        THEN (%(members)s::bigint[])[1 + (g %% %(groups)s) * %(per_group)s + (g / 7) %% %(per_group)s] END,
    (%(cats)s::bigint[])[1 + (g %% %(groups)s) * %(cats_per_group)s + (g / 3) %% %(cats_per_group)s],
    CASE WHEN r.customer < 0.8 THEN %(first_customer)s + (hashint4(g) & 2147483647) %% %(customers)s END,
    (%(groups_ids)s::bigint[])[1 + g %% %(groups)s],
    (%(owners)s::bigint[])[1 + (hashint4(g + 7) & 2147483647) %% %(n_owners)s]
FROM generate_series(1, %(tickets)s) g
-- (g in it: else PostgreSQL draws the numbers once for all rows)
CROSS JOIN LATERAL (SELECT random() + 0 * g AS due, random() + 0 * g AS customer, random() + 0 * g AS share) r
CROSS JOIN LATERAL (
    SELECT CASE WHEN g > %(open)s THEN 'closed'
        WHEN r.share < 0.05 THEN 'new' WHEN r.share < 0.30 THEN 'assigned'
        WHEN r.share < 0.70 THEN 'in_progress' WHEN r.share < 0.80 THEN 'waiting_customer'
        WHEN r.share < 0.85 THEN 'waiting_first_level' WHEN r.share < 0.95 THEN 'solved'
        ELSE 'delivered' END AS state
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN g <= %(open)s THEN now() - (random() + 0 * g) * interval '60 days'
        ELSE now() - interval '60 days' - (random() + 0 * g) * interval '1035 days' END AS created
) t;
"""


def populate(args):
    """Owners, a team lead, groups with members and categories, customers, and the tickets."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from teenindus.accounts import roles
    from teenindus.accounts.models import User
    from teenindus.customers.models import Customer
    from teenindus.org.models import Employee
    from teenindus.tickets.models import Category, GroupMember, SupportGroup

    owners = User.objects.bulk_create(
        [User(username=f"agent{i:03}", first_name="Agent") for i in range(OWNERS)]
    )
    Group.objects.get(name=roles.AGENT).user_set.add(*owners)
    lead = User.objects.create(username="teamlead", first_name="Tiina")
    lead.groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    groups, cats, members = [], [], []
    for g in range(GROUPS):
        group = SupportGroup.objects.create(name=f"Grupp {g}", code=f"grupp-{g}", email=f"g{g}@x.ee")
        groups.append(group.pk)
        for c in range(CATEGORIES):
            cats.append(Category.objects.create(group=group, name=f"Kategooria {c}", code=f"k{c}").pk)
        for m in range(MEMBERS):
            employee = Employee.objects.create(first_name="Spetsialist", last_name=f"{g}-{m}")
            GroupMember.objects.create(group=group, employee=employee)
            members.append(employee.pk)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(CUSTOMERS_SQL, {"n": CUSTOMERS})
        first_customer = Customer.objects.order_by("pk").values_list("pk", flat=True).first()
        cursor.execute(
            TICKETS_SQL,
            {
                "tickets": args.tickets,
                "open": args.open,
                "owners": [u.pk for u in owners],
                "n_owners": OWNERS,
                "groups_ids": groups,
                "groups": GROUPS,
                "cats": cats,
                "cats_per_group": CATEGORIES,
                "members": members,
                "per_group": MEMBERS,
                "first_customer": first_customer,
                "customers": CUSTOMERS,
            },
        )
        cursor.execute("VACUUM ANALYZE tickets_ticket")
        cursor.execute("ANALYZE customers_customer")
        # Write the bulk load's dirty pages out now, not while the lists are timed (a server in
        # service is not in the middle of writing a million new rows).
        cursor.execute("CHECKPOINT")
    return lead, owners


def timed(fn, repeat: int) -> tuple[list[float], object]:
    out = fn()  # warm: plans, caches
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return times, out


def explain(queryset) -> str:
    return "\n".join(
        "      " + line for line in queryset.explain(analyze=True, buffers=True, costs=False).splitlines()
    )


def lists(args) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from teenindus.audit.context import AccessContext
    from teenindus.audit.models import AccessLog
    from teenindus.tickets import selectors
    from teenindus.tickets.models import Ticket

    started = time.perf_counter()
    lead, owners = populate(args)
    generated = time.perf_counter() - started
    now = timezone.now()
    total = Ticket.objects.count()
    open_count = Ticket.objects.exclude(state="closed").count()
    past_due = Ticket.objects.filter(next_due__lt=now).count()
    soon = Ticket.objects.filter(next_due__gte=now, next_due__lt=now + selectors.WARN_AHEAD).count()
    # The owner timed: the one with the most tickets not closed (the heaviest "my escalations").
    owner_id = (
        Ticket.objects.exclude(state="closed")
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    owner = next(o for o in owners if o.pk == owner_id["owner_id"])
    mine_open = owner_id["n"]
    print(
        f"tickets, PostgreSQL: {total:,} tickets, {open_count:,} open, {past_due:,} past due, "
        f"{soon:,} due within {selectors.WARN_AHEAD} (generated in {generated:.0f} s); "
        f"{OWNERS} owners, {GROUPS} groups, {CUSTOMERS:,} customers"
    )
    lead_ctx = AccessContext(actor=lead, view="tickets:deadlines", purpose="bench")
    owner_ctx = AccessContext(actor=owner, view="tickets:mine", purpose="bench")
    logged_before = AccessLog.objects.count()
    cases = {
        "breach-warning list (deadlines_due, team lead)": lambda: selectors.deadlines_due(ctx=lead_ctx),
        f"my escalations (escalations_mine, an owner with {mine_open:,} not closed)": lambda: (
            selectors.escalations_mine(ctx=owner_ctx)
        ),
    }
    for title, fn in cases.items():
        times, out = timed(fn, args.repeat)
        rows = sum(len(v) for v in out.values() if isinstance(v, list)) if isinstance(out, dict) else len(out)
        med, p95 = statistics.median(times), percentile(times, 95)
        goal = ", ".join(
            f"{name} {'met' if value < 100 else 'MISSED'}" for name, value in (("median", med), ("p95", p95))
        )
        print(f"  {title}: {rows} rows (access log written for each call)")
        print(f"    median {med:6.1f} ms  p95 {p95:6.1f} ms  max {max(times):6.1f} ms  goal < 100 ms: {goal}")
    logged = AccessLog.objects.count() - logged_before
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  machine load average while timed (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    print(f"  access-log rows written over all calls: {logged:,}")

    visible = selectors._listed(selectors.tickets_visible(user=lead))
    now = timezone.now()
    print("  EXPLAIN ANALYZE, breached (next_due < now):")
    print(explain(visible.filter(next_due__lt=now).order_by("next_due", "pk")[:200]))
    print("  EXPLAIN ANALYZE, warnings (now <= next_due < now + 4 h):")
    print(
        explain(
            visible.filter(next_due__gte=now, next_due__lt=now + selectors.WARN_AHEAD).order_by(
                "next_due", "pk"
            )[:200]
        )
    )
    print("  EXPLAIN ANALYZE, my escalations:")
    print(
        explain(
            selectors._listed(Ticket.objects.filter(owner=owner).exclude(state="closed")).order_by(
                "state_since", "pk"
            )[:200]
        )
    )
    connection.close()


class NaiveCalendar:
    """The same calendar's answers by the minute-by-minute walk (core/worktime_reference.py)."""

    def __init__(self, cal):
        from teenindus.core import worktime_reference as ref

        self.cal, self.ref = cal, ref

    def add(self, start, seconds):
        return self.ref.naive_add(self.cal, start, seconds)

    def add_days(self, start, days):
        return self.ref.naive_add_days(self.cal, start, days)

    def between(self, a, b):
        return self.ref.naive_between(self.cal, a, b)


def due_times(args) -> None:
    from teenindus.core.worktime import calendar_load
    from teenindus.tickets.deadlines import deadlines_compute
    from teenindus.tickets.models import Ticket

    rng = random.Random(10)
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    tickets = []
    for _ in range(args.due):
        hours = rng.random() < 0.5
        tickets.append(
            Ticket(
                created_at=start + timedelta(minutes=rng.randrange(365 * 24 * 60)),
                state="new",
                sla_response_hours=rng.choice((1, 2, 4, 8, 16)),
                sla_solution_amount=rng.randint(4, 40) if hours else rng.randint(1, 15),
                sla_solution_unit="hours" if hours else "days",
                sla_delivery_days=2,
            )
        )
    began = time.perf_counter()
    cal = calendar_load()
    loaded = time.perf_counter() - began
    fast = [deadlines_compute(cal, t, []) for t in tickets]
    elapsed = time.perf_counter() - began

    naive_cal = NaiveCalendar(calendar_load())
    sample = rng.sample(range(len(tickets)), min(args.sample, len(tickets)))
    began = time.perf_counter()
    naive = {i: deadlines_compute(naive_cal, tickets[i], []) for i in sample}
    naive_elapsed = time.perf_counter() - began
    naive_full = naive_elapsed / len(sample) * len(tickets)
    equal = sum(naive[i] == fast[i] for i in sample)
    goal = "met" if elapsed < 5 else "MISSED"
    print(
        f"due times (deadlines_compute: first response, solution, next due) of {len(tickets):,} new tickets"
    )
    print(
        "  tickets                 created over the next year; response 1-16 h;"
        " solution 50% 4-40 h, 50% 1-15 days"
    )
    print(
        f"  fast calendar           {elapsed:.3f} s ({elapsed / len(tickets) * 1e6:.1f} µs per ticket)  "
        f"goal < 5 s: {goal}"
    )
    print(f"  of which calendar load  {loaded * 1000:.1f} ms (once, PostgreSQL)")
    print(
        f"  naive minute walk       {naive_elapsed:.2f} s for a sample of {len(sample):,} "
        f"({naive_elapsed / len(sample) * 1000:.1f} ms per ticket)"
    )
    print(f"                          extrapolated to {len(tickets):,}: {naive_full:.0f} s")
    print(f"  naive / fast            {naive_full / elapsed:,.0f}x  (extrapolated from the sample)")
    print(f"  sample results equal    {equal:,} of {len(sample):,}")
    if equal != len(sample):
        raise SystemExit("the fast calendar and the minute walk disagree")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--due", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    setup(pg_url("bench_tickets"))
    lists(args)
    due_times(args)


if __name__ == "__main__":
    main()
