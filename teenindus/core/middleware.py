from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers


class InterfaceLanguageMiddleware(LocaleMiddleware):
    """Pages are in Estonian unless the user picked another language in the menu (a cookie);
    the browser's Accept-Language does not switch them. The API answers in the caller's
    Accept-Language, as machine clients expect."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once per process.

    django-csp builds the header (and the report-only one) anew for every response, which was a
    tenth of the CPU of a phone system's routing call. A response without a policy of its own (a
    csp decorator) to a request that used no nonce gets the settings' policy, built once; any
    other goes through django-csp as it is."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._headers = (
            (HEADER, build_policy(), getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}),
            (
                HEADER_REPORT_ONLY,
                build_policy(report_only=True),
                getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {},
            ),
        )

    def process_response(self, request, response):
        own = getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _OWN_POLICY
        )
        if own or (settings.DEBUG and response.status_code in (500, 404)):
            return super().process_response(request, response)
        for header, policy, config in self._headers:
            excluded = request.path_info.startswith(tuple(config.get("EXCLUDE_URL_PREFIXES") or ()))
            if policy and header not in response and not excluded:
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class MachineClientMiddleware:
    """A call to the API with a token (the phone system, an integration) goes straight to its view,
    past the middleware that serves browser sessions: sessions, CSRF, messages, sign-in redirects,
    htmx, lockout, frame options. A token call reads and sets no cookie and needs none of them;
    they were a fifth of the CPU of a routing decision. What every response gets (security
    headers, CSP, the request log, no-store) comes from the middleware before this one. The API
    answers in the caller's language (Accept-Language), as the language middleware would.
    An unknown URL takes the whole way, so its answer is the same as without a token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            request.path_info.startswith("/api/")
            and request.headers.get("Authorization", "").startswith("Bearer ")
        ):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        request.user = AnonymousUser()  # until the token names someone
        request.resolver_match = match
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = match.func(request, *match.args, **match.kwargs)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
