"""Every write to job descriptions: saving an imported record, reviews, signatures."""

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConcurrentEditError, PermissionDeniedError, ValidationFailed
from teenindus.org.models import Agency, Position, Unit
from teenindus.people import search
from teenindus.people.jd_parser import TEXT_KEYS, empty_record
from teenindus.people.models import JobDescription, JobDescriptionVersion, Signature


def year_after(day: date) -> date:
    """The same date a year later (29 February -> 28 February): reviews and appraisals are yearly."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


CONTENT_KEYS = tuple(key for key in empty_record() if key != "unplaced")


@dataclass
class SaveResult:
    job_description: JobDescription
    version: JobDescriptionVersion
    created_units: list[str] = field(default_factory=list)
    created_positions: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def content_clean(record: dict) -> dict:
    """The stored content: the record's keys in a fixed shape; text stripped; no empty items."""
    base = empty_record()
    out = {key: copy.deepcopy(record.get(key, base[key])) for key in CONTENT_KEYS}
    for key in TEXT_KEYS:
        out[key] = str(out[key] or "").strip()
    out["duties"] = [
        {
            "number": str(duty.get("number", "")).strip(),
            "task": str(duty.get("task", "")).strip(),
            "results": [str(r).strip() for r in duty.get("results", []) if str(r).strip()],
        }
        for duty in out["duties"]
        if str(duty.get("task", "")).strip() or duty.get("results")
    ]
    for key in ("rights", "responsibilities"):
        out[key] = [str(item).strip() for item in out[key] if str(item).strip()]
    requirements = {**base["requirements"], **(out["requirements"] or {})}
    languages = []
    for lang in requirements["languages"]:
        name, level = str(lang.get("language", "")).strip(), str(lang.get("level", "")).strip()
        if not name:
            continue
        if level and not re.fullmatch(r"[ABC][12]", level.upper()):
            raise ValidationFailed(
                _("Unknown language level “%(level)s” for %(language)s: use A1, A2, B1, B2, C1 or C2.")
                % {"level": level, "language": name},
                field="requirements.languages",
            )
        languages.append({"language": name, "level": level.upper()})
    requirements["languages"] = languages
    requirements["competencies"] = [
        {
            "name": str(c.get("name", "")).strip(),
            "items": [str(i).strip() for i in c.get("items", []) if str(i).strip()],
            "group": c.get("group", "core") or "core",
        }
        for c in requirements["competencies"]
    ]
    out["requirements"] = requirements
    if not out["title"]:
        raise ValidationFailed(_("The job description needs a title."), field="title")
    if not out["unit"]:
        raise ValidationFailed(_("The job description needs a structural unit."), field="unit")
    return out


def _search_text(content: dict) -> str:
    duties = " ".join(f"{d['task']} {' '.join(d['results'])}" for d in content["duties"])
    return search.search_text(content["title"], content["unit"], duties)


# --- the unit and position tree ---------------------------------------------------------------

_UNIT_KINDS = (
    ("osakond", Unit.Kind.DEPARTMENT),
    ("talitus", Unit.Kind.SECTION),
    ("esindus", Unit.Kind.OFFICE),
)


def _capitalised(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _unit_path(*, agency: Agency, unit_text: str, result: SaveResult) -> Unit:
    """ "Kliendisuhete ja teabehalduse osakond, kõnekeskuse talitus" -> department > section."""
    names = [_capitalised(part) for part in unit_text.split(",") if part.strip()]
    parent: Unit | None = None
    for name in names:
        found = Unit.objects.filter(agency=agency, parent=parent, name__iexact=name).first()
        if found is None and parent is None:
            found = Unit.objects.filter(agency=agency, name__iexact=name).first()
        if found is None:
            kind = next((k for word, k in _UNIT_KINDS if word in name.casefold()), Unit.Kind.TEAM)
            found = Unit.objects.create(agency=agency, parent=parent, name=name, kind=kind)
            result.created_units.append(name)
        parent = found
    return parent


def _names(text: str) -> list[str]:
    """ "Kliendinõustajat, talitusejuhatajat" / "A või B" -> ["Kliendinõustajat", "talitusejuhatajat"]."""
    return [part.strip(" .") for part in re.split(r",|\s+või\s+|\s+ja\s+|;", text or "") if part.strip(" .")]


def _position_named(*, name: str, near: Unit, exclude: Position | None = None) -> Position | None:
    """A position with this name in any case form: in the unit, then its ancestors, then anywhere."""
    chain, unit = [], near
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    candidates = [
        p
        for p in Position.objects.filter(unit__agency=near.agency).select_related("unit")
        if exclude is None or p.pk != exclude.pk
    ]
    for scope in [*([u] for u in chain), None]:
        for position in candidates:
            if (scope is None or position.unit in scope) and search.same_name(position.title, name):
                return position
    return None


@transaction.atomic
def job_description_save(
    *,
    actor,
    record: dict,
    position: Position | None = None,
    source_name: str = "",
    reason: str = JobDescriptionVersion.Reason.IMPORT,
    note: str = "",
    expected_number: int | None = None,
) -> SaveResult:
    """Save a record as the position's new job description version, building units and positions.

    The unit path, the position, its line manager and substitution links follow the record; a
    substitute that names no known position is reported in `unresolved`, never invented.
    """
    content = content_clean(record)
    agency = position.unit.agency if position else Agency.objects.order_by("pk").first()
    if agency is None:
        raise ValidationFailed(_("Create the agency first (Administration → Agencies)."))
    result_stub = SaveResult(job_description=None, version=None)  # type: ignore[arg-type]
    if position is None:
        unit = _unit_path(agency=agency, unit_text=content["unit"], result=result_stub)
        position = Position.objects.filter(unit=unit, title__iexact=content["title"]).first()
        if position is None:
            position = Position.objects.create(unit=unit, title=content["title"])
            result_stub.created_positions.append(str(position))
    unit = position.unit
    if content["manager"]:
        manager = _position_named(name=content["manager"], near=unit, exclude=position)
        if manager is None:
            manager = Position.objects.create(
                unit=unit.parent or unit, title=content["manager"], is_manager=True
            )
            result_stub.created_positions.append(str(manager))
        if position.manager_id != manager.pk:
            position.manager = manager
            position.save(update_fields=["manager", "updated_at"])
    # The record says who substitutes whom: the links become what it names (a name that matches
    # no position is reported and leaves the links it would have replaced alone).
    for text, relation in (
        (content["substituted_by"], position.substituted_by),
        (content["substitutes"], position.substitutes),
    ):
        resolved, missing = [], []
        for name in _names(text):
            other = _position_named(name=name, near=unit)
            (missing if other is None else resolved).append(other or name)
        if missing:
            result_stub.unresolved.extend(missing)
            relation.add(*resolved)
        else:
            relation.set(resolved)

    jd, _created = JobDescription.objects.select_for_update().get_or_create(position=position)
    if expected_number is not None and jd.current_number != expected_number:
        raise ConcurrentEditError(
            _("Someone saved a newer version of this job description meanwhile; reload and try again.")
        )
    number = jd.current_number + 1
    version = JobDescriptionVersion.objects.create(
        job_description=jd,
        number=number,
        content=content,
        search_text=_search_text(content),
        reason=reason,
        note=note,
        source_name=source_name[:255],
        created_by=actor,
    )
    jd.current_number = number
    if jd.review_due is None:
        jd.review_due = year_after(timezone.localdate())
    jd.save()
    change_record(
        actor=actor,
        instance=jd,
        event="job_description_version",
        changes={"version": [number - 1, number], "reason": reason, "source": source_name},
    )
    result_stub.job_description, result_stub.version = jd, version
    return result_stub


@transaction.atomic
def job_description_review(
    *, actor, job_description: JobDescription, record: dict, reason: str, note: str = "", expected_number: int
) -> JobDescriptionVersion:
    """A review records who and when and produces the next version; the next review is a year on."""
    if reason not in (JobDescriptionVersion.Reason.ANNUAL_REVIEW, JobDescriptionVersion.Reason.WORK_CHANGE):
        raise ValidationFailed(_("Choose the reason for the review."), field="reason")
    result = job_description_save(
        actor=actor,
        record=record,
        position=job_description.position,
        reason=reason,
        note=note,
        expected_number=expected_number,
    )
    jd = result.job_description
    today = timezone.localdate()
    jd.last_reviewed_on, jd.last_reviewed_by, jd.review_due = today, actor, year_after(today)
    jd.save(update_fields=["last_reviewed_on", "last_reviewed_by", "review_due", "updated_at"])
    return result.version


def version_pdf(*, version: JobDescriptionVersion) -> bytes:
    """The version's PDF for reading and signing: rendered once, then always the same bytes."""
    from teenindus.people.rendering import render_pdf

    if version.pdf is None:
        JobDescriptionVersion.objects.filter(pk=version.pk, pdf__isnull=True).update(pdf=render_pdf(version))
        version.refresh_from_db(fields=["pdf"])
    return bytes(version.pdf)


@transaction.atomic
def signature_record(
    *,
    actor,
    version: JobDescriptionVersion,
    party: str,
    allowed: bool,
    container: bytes | None = None,
    container_name: str = "",
) -> Signature:
    """One party signs a version: confirmed in the system, or by an uploaded signed container.

    `allowed` is the selector's answer to "may this user sign for this party" (the employee for
    their own position, the line manager or the HR partner for the employer).
    """
    from teenindus.people.asice import container_verify

    if party not in Signature.Party.values:
        raise ValidationFailed(_("Choose who signs: employee or employer."), field="party")
    if not allowed:
        raise PermissionDeniedError(_("You cannot sign this job description for this party."))
    current = JobDescription.objects.select_for_update().get(pk=version.job_description_id).current_number
    if current != version.number:
        raise ValidationFailed(_("Only the current version can be signed."), field="version")
    if Signature.objects.filter(version=version, party=party).exists():
        raise ValidationFailed(_("This party has already signed this version."), field="party")
    signers: list[dict] = []
    method = Signature.Method.IN_SYSTEM
    name = actor.get_full_name() or actor.get_username()
    if container is not None:
        signers = [
            signer.as_dict()
            for signer in container_verify(
                data=container, expected_sha256=hashlib.sha256(version_pdf(version=version)).hexdigest()
            )
        ]
        method = Signature.Method.CONTAINER
        name = ", ".join(signer["name"] for signer in signers)
    signature = Signature.objects.create(
        version=version,
        party=party,
        signer_name=name[:200],
        signer=actor,
        signed_at=timezone.now(),
        method=method,
        container=container,
        container_name=container_name[:255],
        container_signers=signers,
    )
    change_record(
        actor=actor,
        instance=version.job_description,
        event="job_description_signed",
        changes={"version": version.number, "party": party, "method": method, "signers": signers},
    )
    return signature
