from django.utils import translation

from convoy.core.audit import audit_source
from convoy.core.preferences import saved_language


class AuditSourceMiddleware:
    """Tags every write made while serving a request with the interface it came through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        source = (
            "api" if path.startswith("/api/") else "admin" if path.startswith("/admin/") else "ui"
        )
        with audit_source(source):
            return self.get_response(request)


class UserLanguageMiddleware:
    """Serves a signed-in user in the language saved on their profile.

    Runs after Django's LocaleMiddleware (which follows the cookie, then the browser's
    Accept-Language), so a user who saved no choice keeps the browser's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = saved_language(getattr(request, "user", None))
        if not language:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (settings.PERMISSIONS_POLICY) with every response."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response
