"""The monthly sample: reproducible, idempotent, and never doubled by two workers at once."""

import pytest
from django.db import connection

from teenindus.audit.context import AccessContext
from teenindus.core.exceptions import ValidationFailed
from teenindus.core.testing import race
from teenindus.quality import selectors
from teenindus.quality.models import SampledContact
from teenindus.quality.services.evaluations import evaluation_record
from teenindus.quality.services.sampling import contacts_sample, sampling_rule_set
from teenindus.quality.tests.conftest import answers, at, contact


def _contacts(qa, n: int = 8):
    for i in range(n):
        contact(qa["agent"], qa["topic"], when=at(1 + i), channel="phone" if i % 2 else "visit")
        contact(qa["agent2"], qa["topic"], when=at(1 + i), channel="phone")
    contact(qa["agent"], qa["topic"], when=at(9), channel="email")  # not a sampled channel


def _picked():
    return sorted(SampledContact.objects.values_list("agent_id", "contact_id"))


@pytest.mark.django_db
def test_sampling_takes_n_per_agent_from_the_channels_reproducibly_and_once(qa):
    _contacts(qa)
    sampling_rule_set(actor=qa["lead"], per_agent=3, channels=["phone", "visit"])
    month = qa["contact"].local_date.replace(day=1)
    assert contacts_sample(month=month) == 3 + 3 + 1  # the stranger has a single visit
    first = _picked()
    assert contacts_sample(month=month) == 0
    assert _picked() == first
    assert not SampledContact.objects.filter(contact__channel="email").exists()
    # Reproducible: the same month samples the same contacts again from scratch.
    SampledContact.objects.all().delete()
    contacts_sample(month=month)
    assert _picked() == first


@pytest.mark.django_db
def test_the_sample_is_on_the_evaluators_list_until_evaluated(qa):
    _contacts(qa, 2)
    sampling_rule_set(actor=qa["lead"], per_agent=1, channels=["phone", "visit"])
    contacts_sample(month=qa["contact"].local_date.replace(day=1))
    ctx = AccessContext(actor=qa["lead"], view="test", purpose="test")
    waiting, total = selectors.samples_waiting(ctx=ctx)
    assert total == 2 and {s.agent_id for s in waiting} == {qa["agent"].pk, qa["agent2"].pk}
    sample = waiting[0]
    evaluation_record(
        actor=qa["lead"], contact_id=sample.contact_id, form_id=qa["form"].pk, answers=answers(qa["form"])
    )
    assert selectors.samples_waiting(ctx=ctx)[1] == 1


@pytest.mark.django_db
def test_a_bad_rule_is_refused(qa):
    with pytest.raises(ValidationFailed):
        sampling_rule_set(actor=qa["lead"], per_agent=3, channels=[])
    with pytest.raises(ValidationFailed):
        sampling_rule_set(actor=qa["lead"], per_agent=3, channels=["pigeon"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_workers_sampling_at_once_never_double_the_sample(qa):
    _contacts(qa)
    sampling_rule_set(actor=qa["lead"], per_agent=4, channels=["phone", "visit"])
    month = qa["contact"].local_date.replace(day=1)
    results, errors = race(lambda i: contacts_sample(month=month), 6)
    assert errors == []
    assert sum(results) == 4 + 4 + 1  # the stranger has a single visit
    assert SampledContact.objects.filter(agent=qa["agent"]).count() == 4
    assert SampledContact.objects.filter(agent=qa["agent2"]).count() == 4
    assert sum(1 for r in results if r) == 1  # one worker sampled, the others found it done
