"""Who the client really is, and how many websockets one address may hold open.

Behind nginx every request comes from the proxy; the proxy names the client in
X-Forwarded-For. That header is believed only when the connection comes from a proxy
named in IBOK_TRUSTED_PROXIES: anyone can send it, so a portal reached directly must
ignore it, or a guesser would pick a new "address" for every login attempt and walk
past the throttles. This middleware runs before everything else and rewrites the
ASGI scope's client, so the throttles, the audit log and Reflex's router all see the
one answer (Reflex's own trusted_proxy_hops is left at 0: it trusts the header from
any peer).

The same middleware caps the open websockets per client address (and worker): each
one holds a state tree in the server's memory.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import ASGIApp, Receive, Scope, Send

from ibok_app.config import settings

_Networks = Iterable[IPv4Network | IPv6Network]


def _trusted(address: str, networks: _Networks) -> bool:
    try:
        ip = ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def real_client(peer: str, forwarded_for: str, trusted: _Networks) -> str:
    """The client's address: `peer`, unless peer is a trusted proxy; then the
    X-Forwarded-For entries are read from the right (each proxy appends the address it
    saw), skipping trusted proxies, and the first other address is the client."""
    trusted = tuple(trusted)
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:
            break  # garbage in the header: stop at the last address we could read
        client = hop
        if not _trusted(hop, trusted):
            break
    return client


def _header(scope: Scope, name: bytes) -> str:
    values = [v.decode("latin-1") for k, v in scope.get("headers") or [] if k.lower() == name]
    return ",".join(values)


def client_address(app: ASGIApp) -> ASGIApp:
    open_sockets: Counter[str] = Counter()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") not in ("http", "websocket"):
            return await app(scope, receive, send)
        cfg = settings()
        peer, port = (scope.get("client") or ("", 0))[:2]
        client = real_client(peer or "", _header(scope, b"x-forwarded-for"), cfg.trusted_proxies)
        if client != peer:
            scope = dict(scope, client=(client, port))
        if scope["type"] != "websocket":
            return await app(scope, receive, send)
        cap = cfg.max_connections_per_address
        if cap and open_sockets[client] >= cap:
            await receive()  # websocket.connect; closing before accepting answers 403
            await send({"type": "websocket.close", "code": 1008, "reason": "too many connections"})
            return None
        open_sockets[client] += 1
        try:
            return await app(scope, receive, send)
        finally:
            open_sockets[client] -= 1
            if open_sockets[client] <= 0:
                del open_sockets[client]

    return middleware
