"""Difficult contacts: an agent flags one; the lead analyses it with the agent; a lesson becomes a
draft guide in one step, keeping the link to the contact."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import Contact
from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.quality.models import DifficultContact
from teenindus.quality.scope import EVALUATE, in_scope

NOTE_MAX = 500


def may_flag(user, contact: Contact) -> bool:
    return contact.handled_by_id == user.pk or (
        user.has_perm(EVALUATE) and in_scope(user, contact.handled_by_id)
    )


def may_analyse(user, flag: DifficultContact) -> bool:
    return user.has_perm(EVALUATE) and in_scope(user, flag.contact.handled_by_id)


@transaction.atomic
def contact_flag_difficult(*, actor, contact_id: int, kind: str, note: str) -> DifficultContact:
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None or not may_flag(actor, contact):
        raise NotFound(_("No such contact."), field="contact")
    if kind not in DifficultContact.Kind.values:
        raise ValidationFailed(_("Choose why the contact was difficult."), field="kind")
    note = note.strip()
    if not note or len(note) > NOTE_MAX:
        raise ValidationFailed(
            _("Write a short note (at most %(limit)s characters).") % {"limit": NOTE_MAX}, field="note"
        )
    try:
        with transaction.atomic():
            flag = DifficultContact.objects.create(contact=contact, kind=kind, note=note, flagged_by=actor)
    except IntegrityError as exc:
        raise ConflictError(_("This contact is already flagged as difficult."), field="contact") from exc
    change_record(
        actor=actor, instance=flag, event="quality.difficult_flagged", changes={"kind": [None, kind]}
    )
    return flag


def _locked(actor, flag_id: int, version: int) -> DifficultContact:
    flag = DifficultContact.objects.select_for_update().select_related("contact").filter(pk=flag_id).first()
    if flag is None or not may_analyse(actor, flag):
        raise NotFound(_("No such difficult contact."), field="flag")
    if flag.version != version:
        raise ConflictError(
            _("Someone saved this analysis after you opened it. Open it again and redo your changes."),
            field="version",
        )
    return flag


@transaction.atomic
def difficult_analyse(
    *, actor, flag_id: int, version: int, what_happened: str, solution: str, lessons: str
) -> DifficultContact:
    flag = _locked(actor, flag_id, version)
    if not what_happened.strip() or not lessons.strip():
        raise ValidationFailed(_("Write what happened and the lessons."), field="what_happened")
    flag.what_happened, flag.solution, flag.lessons = what_happened.strip(), solution.strip(), lessons.strip()
    flag.status = DifficultContact.Status.ANALYSED
    flag.analysed_by = actor
    flag.version += 1
    flag.save()
    change_record(
        actor=actor, instance=flag, event="quality.difficult_analysed", changes={"status": [None, "analysed"]}
    )
    return flag


@transaction.atomic
def difficult_to_guide(*, actor, flag_id: int, version: int, title: str):
    """The analysis's lesson as a draft guide (knowledge), linked to the contact, in one step."""
    from teenindus.knowledge.services import guide_draft_create

    flag = _locked(actor, flag_id, version)
    if flag.status != DifficultContact.Status.ANALYSED:
        raise ValidationFailed(_("Analyse the contact first."), field="flag")
    if flag.guide_id:
        raise ConflictError(_("A draft guide has already been made from this contact."), field="flag")
    title = title.strip() or flag.lessons.splitlines()[0][:200]
    body = "\n\n".join(part for part in (flag.what_happened, flag.solution, flag.lessons) if part)
    guide = guide_draft_create(
        actor=actor, title=title, body=body, topics=(flag.contact.topic,), source_contact=flag.contact
    )
    flag.guide = guide
    flag.version += 1
    flag.save(update_fields=["guide", "version", "updated_at"])
    change_record(
        actor=actor, instance=flag, event="quality.difficult_guide", changes={"guide": [None, guide.pk]}
    )
    return guide
