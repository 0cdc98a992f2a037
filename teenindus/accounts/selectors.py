from django.db.models import QuerySet

from teenindus.accounts.models import ApiToken, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
