"""The roster's background work: solving a roster (CP-SAT takes up to its time limit, so never in a
request) and telling each person what a publication means for them (once, through the outbox)."""

from django_tasks import task

from teenindus.workforce import services_roster


@task()
def roster_solve_task(roster_id: int) -> str:
    return services_roster.roster_solve(roster_id=roster_id)


@task()
def roster_notices_task(publication_id: int) -> int:
    return services_roster.publication_notices(publication_id=publication_id)
