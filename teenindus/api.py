"""Assembles the apps' routers under /api/v1/, and makes every one of them answer the same way:

- the operation's permission is checked right after authentication, before its input is validated
  (accounts.api_auth.required_perms: a role without permission gets 403, never 422);
- a wrong method is a JSON 405 naming the allowed ones; a path that matches nothing (also an id
  that is not a whole number) a JSON 404; both {"detail", "field"} like every other error;
- the OpenAPI schema documents each operation's 4xx answers in that shape (core.api_errors).

It is done here, once, for every router: an app's router needs nothing for it.
"""

from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from teenindus.accounts.api import router as accounts_router
from teenindus.accounts.api_auth import API_AUTH, docs_guard, required_perms
from teenindus.core import api_errors
from teenindus.customers.api import router as customers_router
from teenindus.frontdesk.api import router as frontdesk_router
from teenindus.org.api import router as org_router
from teenindus.people.api import router as people_router
from teenindus.registry.api import router as registry_router
from teenindus.telephony.api import router as telephony_router
from teenindus.telephony.api import stats_router
from teenindus.tickets.api import router as tickets_router
from teenindus.tickets.api import webhook_router as tickets_webhook_router
from teenindus.workforce.api_staffing import staffing_router as workforce_staffing_router


def _permission_first(operation) -> None:
    """After authentication and before the input is validated: the operation's permission, then
    no NUL character in the input (see api_errors.nul_character_response)."""
    perms = required_perms(operation.view_func)
    authenticate = operation._run_checks

    def run_checks(request):
        error = authenticate(request)
        if error is not None:
            return error
        user = request.user
        if perms and operation.auth_callbacks and not (user.is_active and user.has_perms(perms)):
            return operation.api.on_exception(request, HttpError(403, _("Your role does not allow this.")))
        return api_errors.nul_character_response(operation.api, request)

    operation._run_checks = run_checks


def _json_not_allowed(api: NinjaAPI, path_view) -> None:
    def sync_view(request, *args, **kwargs):
        operation = path_view._find_operation(request)
        if operation is None:
            allowed = {method for op in path_view.operations for method in op.methods}
            return api_errors.method_not_allowed_response(api, request, allowed)
        return operation.run(request, *args, **kwargs)

    path_view._sync_view = sync_view


class TeenindusAPI(NinjaAPI):
    def _get_bound_routers(self):
        bound = super()._get_bound_routers()
        for router in bound:
            for path_view in router.path_operations.values():
                if getattr(path_view, "answers_in_one_shape", False):
                    continue  # bound routers are cached: each path is prepared once
                _json_not_allowed(self, path_view)
                for operation in path_view.operations:
                    _permission_first(operation)
                path_view.answers_in_one_shape = True
        return bound

    def _not_found(self, request):
        """A path that matches no operation: 404 to a caller who may use the API, else 401/403
        (who is calling comes first, as on every operation)."""
        for authenticate in API_AUTH:
            try:
                if authenticate(request):
                    return api_errors.not_found_response(self, request)
            except HttpError as exc:
                return self.on_exception(request, exc)
        return self.on_exception(request, AuthenticationError())

    def _get_urls(self):
        not_found = csrf_exempt(self._not_found)
        urls = [
            path("", not_found, name="api-root") if getattr(url, "name", "") == "api-root" else url
            for url in super()._get_urls()
        ]
        urls.append(re_path(r"^.*$", not_found, name="not-found"))  # last: whatever matched nothing
        return urls

    def get_openapi_schema(self, *args, **kwargs):
        return api_errors.document_errors(super().get_openapi_schema(*args, **kwargs))


api = TeenindusAPI(
    title="Teenindus API",
    version="1",
    description="Customer service: customers, organisation, people, calls and tickets.",
    auth=API_AUTH,
    docs_decorator=docs_guard,
    urls_namespace="api",
)
api_errors.install(api)
api.add_router("/accounts", accounts_router)
api.add_router("/org", org_router)
api.add_router("/customers", customers_router)
api.add_router("/people", people_router)
api.add_router("/telephony", telephony_router)
api.add_router("/stats", stats_router)
api.add_router("/tickets", tickets_webhook_router)
api.add_router("/tickets", tickets_router)
api.add_router("/registry", registry_router)
api.add_router("/frontdesk", frontdesk_router)
api.add_router("/workforce", workforce_staffing_router)
