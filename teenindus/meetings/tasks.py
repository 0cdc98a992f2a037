"""Meetings' background work: mailing a sent summary to each recipient (once, through the outbox)."""

from django_tasks import task

from teenindus.meetings import services


@task()
def summary_mail(meeting_id: int) -> int:
    return services.summary_mails_queue(meeting_id=meeting_id)
