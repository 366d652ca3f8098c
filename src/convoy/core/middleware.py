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


class ServerTimingMiddleware:
    """With CONVOY_SERVER_TIMING=1, says in a Server-Timing header what each response cost:
    wall and CPU milliseconds of the request's thread, and the database's part.

    CPU time is what the request itself used, whatever else the machine runs, so a load test on a
    busy machine still tells what a page costs. Off by default: the figures are for measuring,
    not for every visitor. A streamed export is timed up to its first row.
    """

    def __init__(self, get_response):
        from django.conf import settings
        from django.core.exceptions import MiddlewareNotUsed

        if not settings.CONVOY_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.db import connection

        database = {"seconds": 0.0, "queries": 0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                database["seconds"] += time.perf_counter() - started
                database["queries"] += 1

        wall, cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        response["Server-Timing"] = (
            f"total;dur={wall * 1000:.1f}, cpu;dur={cpu * 1000:.1f}, "
            f'db;dur={database["seconds"] * 1000:.1f};desc="{database["queries"]} queries"')
        return response
