from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenindus.accounts.forms import ApiTokenForm
from teenindus.accounts.models import ApiToken
from teenindus.accounts.selectors import api_tokens_of
from teenindus.accounts.services import api_token_create, api_token_revoke
from teenindus.core.exceptions import ApplicationError


@permission_required("accounts.add_apitoken", raise_exception=True)
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except ApplicationError as exc:
            form.add_error("name", exc.message)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": api_tokens_of(user=request.user), "new_token": new_token},
    )


@permission_required("accounts.add_apitoken", raise_exception=True)
@require_POST
def token_revoke(request, token_id: int):
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
