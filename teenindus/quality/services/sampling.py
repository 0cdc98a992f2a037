"""The monthly random sample of contacts to evaluate, per agent.

Reproducible: an agent's contacts of the month (on the rule's channels) are shuffled by a random
generator seeded with the month and the agent, and the first ones are taken. Idempotent: a run
adds only what is missing up to the rule's count; one row per agent, month and contact (a unique
constraint), and the rule's row is locked while sampling, so two workers at once never double it."""

import random
from datetime import date

from django.db import transaction
from django.db.models import Count

from teenindus.contacts.models import Channel, Contact
from teenindus.quality.models import SampledContact, SamplingRule

DEFAULT_CHANNELS = [Channel.PHONE, Channel.VISIT, Channel.TICKET]


def sampling_rule_get() -> SamplingRule:
    """The rule's row, made with the defaults the first time (a write: for services only)."""
    rule, _created = SamplingRule.objects.get_or_create(pk=1, defaults={"channels": DEFAULT_CHANNELS})
    return rule


def sampling_rule_read() -> SamplingRule:
    """The rule as it stands (the defaults, unsaved, before anyone sets it): pages read this."""
    return SamplingRule.objects.filter(pk=1).first() or SamplingRule(pk=1, channels=list(DEFAULT_CHANNELS))


@transaction.atomic
def sampling_rule_set(*, actor, per_agent: int, channels: list[str]) -> SamplingRule:
    from django.utils.translation import gettext as _

    from teenindus.audit.services import change_record
    from teenindus.core.exceptions import PermissionDeniedError, ValidationFailed
    from teenindus.quality.scope import EVALUATE

    if not actor.has_perm(EVALUATE):
        raise PermissionDeniedError(_("You cannot change the sampling."))
    if not 0 <= per_agent <= 50:
        raise ValidationFailed(_("Sample 0 to 50 contacts per agent."), field="per_agent")
    if not channels or any(c not in Channel.values for c in channels):
        raise ValidationFailed(_("Choose the channels."), field="channels")
    sampling_rule_get()
    rule = SamplingRule.objects.select_for_update().get(pk=1)
    old = {"per_agent": rule.per_agent, "channels": rule.channels}
    rule.per_agent, rule.channels = per_agent, list(channels)
    rule.save()
    change_record(
        actor=actor,
        instance=rule,
        event="quality.sampling_rule_set",
        changes={"per_agent": [old["per_agent"], per_agent], "channels": [old["channels"], list(channels)]},
    )
    return rule


def _month_end(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


@transaction.atomic
def contacts_sample(*, month: date) -> int:
    """Sample the month's contacts for every agent who handled one. Returns how many were added."""
    month = month.replace(day=1)
    sampling_rule_get()
    rule = SamplingRule.objects.select_for_update().get(pk=1)  # one sampler at a time
    contacts = Contact.objects.filter(
        local_date__gte=month, local_date__lt=_month_end(month), channel__in=rule.channels
    )
    have = dict(
        SampledContact.objects.filter(month=month)
        .values("agent_id")
        .annotate(n=Count("id"))
        .values_list("agent_id", "n")
    )
    by_agent: dict[int, list[int]] = {}
    for agent_id, contact_id in contacts.order_by("handled_by_id", "pk").values_list("handled_by_id", "pk"):
        by_agent.setdefault(agent_id, []).append(contact_id)
    taken = set(SampledContact.objects.filter(month=month).values_list("contact_id", flat=True))
    rows = []
    for agent_id, ids in by_agent.items():
        missing = rule.per_agent - have.get(agent_id, 0)
        if missing <= 0:
            continue
        rng = random.Random(f"{month:%Y-%m}:{agent_id}")
        rng.shuffle(ids)
        picked = [pk for pk in ids if pk not in taken][:missing]
        rows += [SampledContact(agent_id=agent_id, month=month, contact_id=pk) for pk in picked]
    SampledContact.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
