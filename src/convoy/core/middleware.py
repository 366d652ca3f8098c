from convoy.core.audit import audit_source


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
