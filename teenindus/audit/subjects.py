"""The kinds of person whose data the access log records, and what that means for them.

A subject is named by its model's label (lower case, e.g. "customers.customer") and its id. An app
with personal data registers its person model in its AppConfig.ready():

    from teenindus.audit import subjects
    subjects.register("myapp.Person")

and passes instances to audit.services.access_log_record(subjects=[...]). Registration makes a
person with access history undeletable (as a PROTECT foreign key would): their log outlives nothing
it describes. Writing a row for an unregistered kind is refused, so no kind can skip that guard.
"""

from django.apps import apps
from django.db.models import Model, ProtectedError
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

_REGISTERED: set[str] = set()


def label_of(model_or_instance) -> str:
    return model_or_instance._meta.label_lower


def register(label: str) -> None:
    model = apps.get_model(label)
    key = label_of(model)
    if key in _REGISTERED:
        return
    _REGISTERED.add(key)
    pre_delete.connect(_refuse_delete_with_history, sender=model, dispatch_uid=f"audit-subject-{key}")


def is_registered(subject_type: str) -> bool:
    return subject_type in _REGISTERED


def as_subject(subject) -> tuple[str, int]:
    """(subject_type, subject_id) of a model instance or of a (label, pk) pair."""
    if isinstance(subject, Model):
        return label_of(subject), subject.pk
    label, pk = subject
    return label.lower(), int(pk)


def _refuse_delete_with_history(sender, instance, **kwargs) -> None:
    from teenindus.audit.models import AccessLog

    if AccessLog.objects.about(label_of(sender), instance.pk).exists():
        raise ProtectedError(
            _("%(who)s has personal-data access history and cannot be deleted.") % {"who": instance},
            {instance},
        )
