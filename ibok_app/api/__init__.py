"""Plain HTTP side of IBOK: routes mounted over Reflex and the security-header middleware."""
from ibok_app.api.routes import make_api
from ibok_app.api.security_headers import security_headers

__all__ = ["make_api", "security_headers"]
