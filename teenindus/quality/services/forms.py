"""Building evaluation forms. A form is checked whole before anything is saved; a form that has
been used is never changed under its evaluations: saving it makes the next version."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConcurrentEditError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.quality.models import Criterion, CriterionKind, Evaluation, EvaluationForm
from teenindus.quality.scope import EVALUATE

SCALE_MIN, SCALE_MAX = 2, 10
SECTION_MAX = Criterion._meta.get_field("section").max_length
NAME_MAX = Criterion._meta.get_field("name").max_length


@dataclass(frozen=True)
class CriterionInput:
    section: str
    name: str
    kind: str
    weight: Decimal | str
    critical: bool = False
    description: str = ""
    scale_max: int = 5


def _checked(criteria: list[CriterionInput]) -> list[CriterionInput]:
    if not criteria:
        raise ValidationFailed(_("Add at least one criterion."), field="criteria")
    out = []
    seen: dict[tuple[str, str], int] = {}
    total = Decimal(0)
    for n, c in enumerate(criteria, start=1):
        where = {"n": n, "name": c.name or "?"}
        if not c.section.strip() or not c.name.strip():
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s): give its section and name.") % where, field="criteria"
            )
        if c.kind not in CriterionKind.values:
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s): the kind is “scale” or “yesno”.") % where, field="criteria"
            )
        if c.kind == CriterionKind.SCALE and not SCALE_MIN <= int(c.scale_max) <= SCALE_MAX:
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s): a scale goes from 1 to 2…10.") % where, field="criteria"
            )
        try:
            weight = Decimal(str(c.weight).replace(",", ".").rstrip("%").strip())
        except InvalidOperation:
            weight = Decimal(-1)
        if not weight.is_finite() or weight <= 0 or weight > 100:
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s): the weight is a percentage above 0.") % where,
                field="criteria",
            )
        if c.critical and not c.description.strip():
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s) is critical: describe when it fails.") % where,
                field="criteria",
            )
        if len(c.section.strip()) > SECTION_MAX or len(c.name.strip()) > NAME_MAX:
            raise ValidationFailed(
                _(
                    "Criterion %(n)s (%(name)s): the section is at most %(section_max)s and the "
                    "criterion at most %(name_max)s characters long."
                )
                % {
                    **where,
                    "name": c.name.strip()[:40] + "…",
                    "section_max": SECTION_MAX,
                    "name_max": NAME_MAX,
                },
                field="criteria",
            )
        key = (c.section.strip().casefold(), c.name.strip().casefold())
        if key in seen:
            raise ValidationFailed(
                _("Criterion %(n)s (%(name)s) is the same as criterion %(first)s: give it another name.")
                % {**where, "first": seen[key]},
                field="criteria",
            )
        seen[key] = n
        total += weight
        out.append(
            CriterionInput(
                section=c.section.strip(),
                name=c.name.strip(),
                kind=c.kind,
                weight=weight,
                critical=bool(c.critical),
                description=c.description.strip(),
                scale_max=int(c.scale_max) if c.kind == CriterionKind.SCALE else 1,
            )
        )
    if total != 100:
        raise ValidationFailed(
            _("The weights sum to %(total)s %%; they must sum to 100 %%.")
            % {"total": f"{total.normalize():f}"},
            field="criteria",
        )
    return out


def _criteria_create(form: EvaluationForm, criteria: list[CriterionInput]) -> None:
    Criterion.objects.bulk_create(
        Criterion(
            form=form,
            order=i,
            section=c.section,
            name=c.name,
            description=c.description,
            kind=c.kind,
            scale_max=c.scale_max,
            weight=c.weight,
            critical=c.critical,
        )
        for i, c in enumerate(criteria)
    )


@transaction.atomic
def form_save(
    *,
    actor,
    name: str,
    criteria: list[CriterionInput],
    description: str = "",
    form_id: int | None = None,
    loaded_at: str | None = None,
) -> EvaluationForm:
    """Create a form, or save a new text of the form `form_id` (the version the user loaded, with
    `loaded_at`, its updated_at as ISO text). Unused: changed in place; used by an evaluation: a
    new version becomes current and the old one stays with its evaluations. Someone else's save
    in between is a conflict."""
    if not actor.has_perm(EVALUATE):
        raise PermissionDeniedError(_("You cannot build evaluation forms."))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the form a name."), field="name")
    checked = _checked(criteria)
    if form_id is None:
        form = EvaluationForm.objects.create(
            family=0, name=name[:200], description=description, created_by=actor
        )
        form.family = form.pk
        form.save(update_fields=["family"])
        _criteria_create(form, checked)
        change_record(
            actor=actor, instance=form, event="quality.form_created", changes={"name": [None, name]}
        )
        return form
    form = EvaluationForm.objects.select_for_update().filter(pk=form_id).first()
    if form is None:
        raise NotFound(_("No such form."), field="form")
    if not form.is_current or (loaded_at and form.updated_at.isoformat() != loaded_at):
        raise ConcurrentEditError(
            _("Someone saved this form after you opened it. Open it again and redo your changes."),
            field="form",
        )
    if Evaluation.objects.filter(form=form).exists():
        form.is_current = False
        form.save(update_fields=["is_current", "updated_at"])
        new = EvaluationForm.objects.create(
            family=form.family,
            version=form.version + 1,
            name=name[:200],
            description=description,
            created_by=actor,
        )
        _criteria_create(new, checked)
        change_record(
            actor=actor,
            instance=new,
            event="quality.form_versioned",
            changes={"version": [form.version, new.version]},
        )
        return new
    form.name, form.description = name[:200], description
    form.save(update_fields=["name", "description", "updated_at"])
    form.criteria.all().delete()
    _criteria_create(form, checked)
    change_record(actor=actor, instance=form, event="quality.form_changed", changes={"name": [None, name]})
    return form


def criteria_parse(text: str) -> list[CriterionInput]:
    """The form builder's text, one criterion a line:
    section | criterion | scale 1-5 or yesno | weight % | critical (yes/blank) | description.
    Raises ValidationFailed naming the line that cannot be read."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 4:
            raise ValidationFailed(
                _("Line %(n)s: write section | criterion | kind | weight | critical | description.")
                % {"n": n},
                field="criteria",
            )
        parts += [""] * (6 - len(parts))
        section, name, kind_text, weight, critical, description = parts[:6]
        if len(section) > SECTION_MAX or len(name) > NAME_MAX:
            raise ValidationFailed(
                _(
                    "Line %(n)s: the section is at most %(section_max)s and the criterion at most "
                    "%(name_max)s characters long."
                )
                % {"n": n, "section_max": SECTION_MAX, "name_max": NAME_MAX},
                field="criteria",
            )
        kind_text = kind_text.lower().replace(" ", "")
        scale_max = 5
        if kind_text.startswith("scale") or kind_text.startswith("skaala"):
            kind = CriterionKind.SCALE
            tail = kind_text.split("-")[-1] if "-" in kind_text else "5"
            scale_max = int(tail) if tail.isdigit() else 0
        elif kind_text in ("yesno", "jah/ei", "jahei", "yes/no"):
            kind = CriterionKind.YES_NO
        else:
            kind = kind_text
        out.append(
            CriterionInput(
                section=section,
                name=name,
                kind=kind,
                weight=weight,
                critical=critical.lower() in ("yes", "jah", "x", "1", "critical", "kriitiline"),
                description=description,
                scale_max=scale_max,
            )
        )
    return out


def criteria_text(form: EvaluationForm) -> str:
    """A form's criteria in the builder's text (to edit the form)."""
    lines = []
    for c in form.criteria.all():
        kind = f"scale 1-{c.scale_max}" if c.kind == CriterionKind.SCALE else "yesno"
        lines.append(
            " | ".join(
                [
                    c.section,
                    c.name,
                    kind,
                    f"{c.weight.normalize():f}",
                    "yes" if c.critical else "",
                    c.description,
                ]
            )
        )
    return "\n".join(lines)
