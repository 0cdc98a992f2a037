from django.db.models import QuerySet

from teenindus.audit.models import CUSTOMER, EMPLOYEE, AccessLog


def access_log_for_subject(*, subject_type: str, subject_id: int) -> QuerySet[AccessLog]:
    """A person's 'who looked at my data' log, newest first (any kind of person)."""
    return AccessLog.objects.about(subject_type, subject_id).select_related("actor").order_by("-at", "-id")


def access_log_for_customer(*, customer_id: int) -> QuerySet[AccessLog]:
    """The customer's 'who looked at my data' log, newest first."""
    return access_log_for_subject(subject_type=CUSTOMER, subject_id=customer_id)


def access_log_for_employee(*, employee_id: int) -> QuerySet[AccessLog]:
    """The employee's 'who looked at my data' log, newest first."""
    return access_log_for_subject(subject_type=EMPLOYEE, subject_id=employee_id)
