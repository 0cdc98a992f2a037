"""Surveys' background work: the SMS delivery (retried, sent once) and its requeue."""

from datetime import timedelta

from django_tasks import task

from teenindus.core import periodic
from teenindus.surveys import services


@task()
def survey_sms_send(sms_id: int) -> str:
    return services.survey_sms_deliver(sms_id=sms_id)


@task()
def survey_sms_requeue() -> int:
    return services.survey_sms_requeue()


periodic.register("surveys.sms_requeue", survey_sms_requeue, every=timedelta(minutes=15))
