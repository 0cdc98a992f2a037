"""Writing paper templates: checked placeholders, a stale edit refused (409), every change recorded."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record, diff
from teenindus.core.exceptions import ConcurrentEditError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.customers.models import Language
from teenindus.papers import placeholders, rules
from teenindus.papers.models import PaperKind, PaperTemplate
from teenindus.registry.models import DocumentType, Series

ADD = rules.ADD_TEMPLATES
CHANGE = rules.EDIT_TEMPLATES
FIELDS = [
    "kind",
    "code",
    "language",
    "name",
    "title",
    "body",
    "extra_fields",
    "doc_type",
    "series",
    "is_active",
]


def _pk(value):
    return getattr(value, "pk", value)


def template_clean(
    *, kind, code, language, name, title, body, extra_fields, doc_type, series=None, is_active=True
) -> dict:
    """The template's values checked: every placeholder of the title and text is standard or a
    declared extra field, the document type can be outgoing, the series is in use."""
    if kind not in PaperKind.values:
        raise ValidationFailed(_("Choose the kind of paper."), field="kind")
    if language not in Language.values:
        raise ValidationFailed(_("Choose the language."), field="language")
    code = (code or "").strip()
    if not placeholders.NAME.match(code.replace("-", "_")) or len(code) > 60:
        raise ValidationFailed(_("Give a code of letters, digits, - and _ (up to 60)."), field="code")
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ValidationFailed(_("Give a name of up to 200 characters."), field="name")
    title = " ".join((title or "").split())
    if not title or len(title) > 300:
        raise ValidationFailed(_("Give a title of up to 300 characters."), field="title")
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed(_("Write the text of the paper."), field="body")
    extra = placeholders.extra_fields_clean(extra_fields)
    known = set(placeholders.STANDARD) | {f["name"] for f in extra}
    placeholders.check(title, known=known, field="title")
    private = [n for n in placeholders.names_used(title, field="title") if n in placeholders.NOT_IN_TITLE]
    if private:
        raise ValidationFailed(
            _(
                "The title goes into the document register, which the public reads: it cannot hold "
                "{%(name)s}. Put it in the text."
            )
            % {"name": private[0]},
            field="title",
        )
    placeholders.check(body, known=known, field="body")
    type_obj = DocumentType.objects.filter(pk=_pk(doc_type), is_active=True).first()
    if type_obj is None:
        raise ValidationFailed(_("Choose the document type."), field="doc_type")
    if type_obj.direction not in (DocumentType.Direction.OUT, DocumentType.Direction.BOTH):
        raise ValidationFailed(
            _("A paper is an outgoing document: choose an outgoing type."), field="doc_type"
        )
    series_obj = None
    if series is not None and series != "":
        series_obj = Series.objects.filter(pk=_pk(series), is_active=True).first()
        if series_obj is None:
            raise ValidationFailed(_("Choose the series."), field="series")
    elif type_obj.default_series_id is None:
        raise ValidationFailed(
            _("The document type has no default series: choose the series."), field="series"
        )
    return {
        "kind": kind,
        "code": code,
        "language": language,
        "name": name,
        "title": title,
        "body": body,
        "extra_fields": extra,
        "doc_type": type_obj,
        "series": series_obj,
        "is_active": bool(is_active),
    }


def _snapshot(template: PaperTemplate) -> dict:
    return {
        **{f: getattr(template, f) for f in FIELDS if f not in ("doc_type", "series")},
        "doc_type": template.doc_type_id,
        "series": template.series_id,
    }


def _save(template: PaperTemplate) -> None:
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            _("A template with this code in this language exists already."), field="code"
        ) from exc


@transaction.atomic
def paper_template_create(*, actor, **values) -> PaperTemplate:
    if not actor.has_perm(ADD):
        raise PermissionDeniedError(_("You may not write paper templates."))
    template = PaperTemplate(**template_clean(**values))
    _save(template)
    change_record(
        actor=actor, instance=template, event="paper_template.created", changes=diff({}, _snapshot(template))
    )
    return template


@transaction.atomic
def paper_template_update(*, actor, template_id: int, version: int | None, **values) -> PaperTemplate:
    """Save an edited template; one saved by someone else after the form was loaded is refused."""
    if not actor.has_perm(CHANGE):
        raise PermissionDeniedError(_("You may not change paper templates."))
    template = PaperTemplate.objects.select_for_update().filter(pk=template_id).first()
    if template is None:
        raise NotFound(_("No such template."), field="template")
    if version is None or template.version != version:
        raise ConcurrentEditError(
            _("Someone else changed this template meanwhile. Nothing was saved: look at it again."),
            field="version",
        )
    cleaned = template_clean(**values)
    before = _snapshot(template)
    for name, value in cleaned.items():
        setattr(template, name, value)
    template.version += 1
    _save(template)
    change_record(
        actor=actor,
        instance=template,
        event="paper_template.changed",
        changes=diff(before, _snapshot(template)),
    )
    return template
