"""Reply deadlines of registered documents, on the project's one working-time calendar."""

from datetime import date, timedelta

from teenindus.core.worktime import WorkCalendar
from teenindus.registry.models import DeadlineKind, DocumentType


def deadline_for(doc_type: DocumentType, *, registered_on: date, received_on: date, cal: WorkCalendar):
    """The reply deadline a document of this type gets: N working days after its registration
    (an information request: 5), N calendar days after its receipt (a memorandum, a request for
    explanation: 30), or none."""
    if doc_type.deadline_kind == DeadlineKind.WORKING_DAYS and doc_type.deadline_days:
        return cal.add_working_days(registered_on, doc_type.deadline_days)
    if doc_type.deadline_kind == DeadlineKind.CALENDAR_DAYS and doc_type.deadline_days:
        return received_on + timedelta(days=doc_type.deadline_days)
    return None


def registration_due(received_on: date, *, cal: WorkCalendar) -> date:
    """The last day a document received (or sent) on that day may be registered: the next working day."""
    return cal.add_working_days(received_on, 1)


def extension_limit(doc_type: DocumentType, *, registered_on: date, cal: WorkCalendar) -> date:
    """The last day a deadline can be extended (and the reasons sent): within the first working
    days of the deadline (5 for an information request)."""
    return cal.add_working_days(registered_on, doc_type.deadline_days or 5)
