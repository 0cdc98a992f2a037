from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
