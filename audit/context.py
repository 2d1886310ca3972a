"""Request facts the audit log needs (client IP), carried without passing the request into services."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
