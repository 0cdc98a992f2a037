"""Issued papers: how long issuing one takes, and how long of it the series' counter row is held.

`paper_issue` registers the outgoing document first (its number goes into the PDF), renders the PDF
with WeasyPrint and attaches it in the same transaction: the series' counter row stays locked from
the registration to the commit, so papers of one series are issued one after another. This prints
the time of a whole issue (median, p95), of the PDF's rendering alone (the part under the lock that
dominates), and the papers per second one series can take at most (1 / time under the lock).

Usage: python bench/papers.py [--repeat 30] [--sqlite]
"""

import argparse
import statistics
import time

from _setup import percentile, pg_url, setup, sqlite_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    setup(sqlite_url("bench_papers") if args.sqlite else pg_url("bench_papers"))

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from teenindus.accounts import roles
    from teenindus.accounts.models import User
    from teenindus.customers import services as customer_services
    from teenindus.org.models import Agency
    from teenindus.papers import rendering
    from teenindus.papers.defaults import paper_templates_ensure
    from teenindus.papers.services.issue import paper_issue

    Agency.objects.create(name="Sotsiaalkindlustusamet", registry_code="70001975")
    user = User.objects.create_user(username="bench-info", first_name="Ivo", last_name="Info")
    user.groups.add(Group.objects.get(name=roles.INFO_SPECIALIST))
    templates = paper_templates_ensure()
    customer = customer_services.person_create(
        actor=user, first_name="Mari", last_name="Tamm", isikukood="49403136515", email="mari@example.ee"
    )
    fields = {"pensioni_liik": "vanaduspensioni", "periood": "2026", "summa": "812,40", "esitamiseks": "Pank"}

    def issue_once(delivery: str) -> float:
        start = time.perf_counter()
        paper_issue(
            actor=user,
            template_code="toend-pension",
            customer_id=customer.pk,
            fields=fields,
            delivery=delivery,
        )
        return (time.perf_counter() - start) * 1000

    issue_once("print")  # warm-up: fonts, templates
    printed = [issue_once("print") for _ in range(args.repeat)]
    mailed = [issue_once("email") for _ in range(args.repeat)]

    template = templates[("toend-pension", "et")]
    signer = rendering.signer_of(user)
    on = timezone.localdate()
    values = rendering.values_for(
        customer=rendering.customer_values(customer), number="9-2/2026/1", on=on, signer=signer, extra=fields
    )
    content = rendering.content_build(
        template=template, values=values, number="9-2/2026/1", on=on, signer=signer
    )
    renders = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        size = len(rendering.pdf_render(content))
        renders.append((time.perf_counter() - start) * 1000)

    def line(name: str, times: list[float]) -> str:
        return f"{name:<34} median {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms"

    print(f"database: {connection.vendor}; {args.repeat} runs each; PDF {size / 1024:.1f} KiB")
    print(line("issue, printed", printed))
    print(line("issue, e-mailed (mail queued)", mailed))
    print(line("PDF rendering (under the lock)", renders))
    held = statistics.median(renders)
    print(f"one series: at most ~{1000 / held:.1f} papers/s (the lock is held at least the render)")


if __name__ == "__main__":
    main()
