"""Quality's part of the start page: the agent's new evaluations to acknowledge; the evaluator's
sampled contacts waiting and open calibrations; the lead's difficult contacts to analyse and
disputed evaluations."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.quality import selectors
from teenindus.quality.models import DifficultContact
from teenindus.quality.scope import EVALUATE

SHOWN = 10


def _name(user) -> str:
    return user.get_full_name() or user.username


def _percent(score) -> str:
    return _("no score") if score is None else f"{score:.0f} %"


@startpage.provider("quality", order=60)
def quality_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    sections = []
    mine, total = selectors.evaluations_to_acknowledge(ctx=ctx, limit=SHOWN)
    if mine:
        sections.append(
            startpage.Section(
                key="quality-new",
                title=_("Evaluations of your contacts to acknowledge"),
                url=reverse("quality:mine"),
                items=[
                    startpage.Item(
                        label=f"{_percent(e.score)} · {e.form.name}",
                        url=reverse("quality:evaluation", args=[e.pk]),
                        detail=" · ".join(
                            [date_format(e.contact.local_date, "SHORT_DATE_FORMAT"), str(e.contact.topic)]
                        ),
                    )
                    for e in mine
                ],
                more=total - len(mine),
            )
        )
    if not user.has_perm(EVALUATE):
        return sections
    samples, total = selectors.samples_waiting(ctx=ctx, limit=SHOWN)
    sections.append(
        startpage.Section(
            key="quality-sample",
            title=_("Sampled contacts to evaluate"),
            url=reverse("quality:index"),
            items=[
                startpage.Item(
                    label=f"{_name(s.agent)}: {s.contact.get_channel_display()} {s.contact.topic}",
                    url=reverse("quality:evaluate", args=[s.contact_id]),
                    detail=date_format(s.contact.local_date, "SHORT_DATE_FORMAT"),
                )
                for s in samples
            ],
            more=total - len(samples),
            empty=_("No sampled contact waits for an evaluation."),
        )
    )
    calibrations = list(selectors.calibrations_open_for(user=user)[:SHOWN])
    if calibrations:
        sections.append(
            startpage.Section(
                key="quality-calibration",
                title=_("Calibrations to score"),
                url=reverse("quality:index"),
                items=[
                    startpage.Item(
                        label=f"{c.form.name}: {c.contact.get_channel_display()}",
                        detail=date_format(c.contact.local_date, "SHORT_DATE_FORMAT"),
                        url=reverse("quality:calibration", args=[c.pk]),
                    )
                    for c in calibrations
                ],
            )
        )
    flags, total = selectors.difficult_list(ctx=ctx, status=DifficultContact.Status.FLAGGED, limit=SHOWN)
    flags = [f for f in flags if f.contact.handled_by_id != user.pk]
    if flags:
        sections.append(
            startpage.Section(
                key="quality-difficult",
                title=_("Difficult contacts to analyse"),
                url=reverse("quality:difficult_list"),
                items=[
                    startpage.Item(
                        label=f"{_name(f.contact.handled_by)}: {f.get_kind_display()}",
                        url=reverse("quality:difficult", args=[f.pk]),
                        detail=f.note,
                    )
                    for f in flags
                ],
                more=max(total - len(flags), 0),
            )
        )
    disputed, total = selectors.evaluations_disputed(ctx=ctx, limit=SHOWN)
    if disputed:
        sections.append(
            startpage.Section(
                key="quality-disputed",
                title=_("Disputed evaluations"),
                url=reverse("quality:list") + "?state=disputed",
                items=[
                    startpage.Item(
                        label=f"{_name(e.agent)}: {_percent(e.score)} · {e.form.name}",
                        url=reverse("quality:evaluation", args=[e.pk]),
                        detail=e.agent_comment[:120],
                    )
                    for e in disputed
                ],
                more=total - len(disputed),
            )
        )
    return sections
