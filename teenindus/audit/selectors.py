from django.db.models import QuerySet

from teenindus.audit.models import AccessLog


def access_log_for_customer(*, customer_id: int) -> QuerySet[AccessLog]:
    """The customer's 'who looked at my data' log, newest first."""
    return AccessLog.objects.filter(customer_id=customer_id).select_related("actor").order_by("-at", "-id")
