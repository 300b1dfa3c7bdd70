"""Real local servers standing in for the outside world in tests: an SMTP server
(aiosmtpd) and an SMSAPI-style HTTP gateway, both on 127.0.0.1 on a free port."""
from __future__ import annotations

import json
import os
import socket
import threading
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def patched_env(**values: str | None):
    """Set (or with None, unset) IBOK_* variables and re-read settings; restore after."""
    from ibok_app.config import reset_settings

    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings()
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings()


class SmtpServer:
    """aiosmtpd on 127.0.0.1; `messages` holds what it accepted, parsed."""

    def __init__(self, port: int | None = None, login: tuple[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.rcpt: list[list[str]] = []
        self.logins: list[str] = []
        self._login = login
        kwargs = {}
        if login:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        self.rcpt.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        user = auth_data.login.decode()
        ok = (user, auth_data.password.decode()) == self._login
        if ok:
            self.logins.append(user)
        return AuthResult(success=ok, handled=False)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


class SmsGateway:
    """An SMSAPI.pl-style `POST /sms.do` endpoint. Records every request; answers
    like the real gateway, or with `fail_with = (http_status, body)` when set."""

    def __init__(self, token: str = "test-sms-token") -> None:
        self.token = token
        self.requests: list[dict] = []
        self.fail_with: tuple[int, object] | None = None
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
                gateway.requests.append({"path": self.path, "headers": dict(self.headers), "form": form})
                status, body = gateway._answer(self.path, self.headers.get("Authorization", ""), form)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/api"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def _answer(self, path: str, auth: str, form: dict) -> tuple[int, object]:
        if self.fail_with is not None:
            return self.fail_with
        if path != "/api/sms.do":
            return 404, {"error": 404, "message": "Not found"}
        if auth != f"Bearer {self.token}":
            return 200, {"error": 101, "message": "Authorization failed"}
        if not form.get("to", "").isdigit():
            return 200, {"error": 13, "message": "No correct phone numbers"}
        n = len(self.requests)
        return 200, {"count": 1, "list": [{"id": f"6D4E{n:08d}", "points": 0.16, "number": form["to"],
                                           "submitted_number": form["to"], "status": "QUEUE",
                                           "error": None, "idx": None}]}

    def __enter__(self) -> SmsGateway:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
