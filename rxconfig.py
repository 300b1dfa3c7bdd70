"""Reflex configuration. Everything site-specific comes from IBOK_* variables (README)."""
import os

import reflex as rx

from ibok_app import worker_respawn
from ibok_app.config import public_url_from_env, topology_from_env

_port = int(os.environ.get("IBOK_PORT", "3000") or 3000)
_public_url = public_url_from_env()  # the one rule, shared with the portal's settings
_topology = topology_from_env()  # Redis and workers, or the embedded single process
if _topology.workers:
    # Read by Reflex when it starts Granian (reflex/utils/exec.py); without it, Reflex
    # runs 2 × cores + 1 workers when Redis is configured.
    os.environ["GRANIAN_WORKERS"] = str(_topology.workers)

worker_respawn.enable()  # one worker's death must not end the others (ibok_app/worker_respawn.py)

config = rx.Config(
    app_name="ibok_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # One port in production: Granian serves the compiled frontend and the backend.
    frontend_port=_port,
    backend_port=_port,
    api_url=_public_url,
    deploy_url=_public_url,
    # The websocket and API answer only the portal's own origin, never "*".
    cors_allowed_origins=[_public_url],
    default_color_mode="light",
    # Websockets only (Reflex's default, pinned): client_address caps them per address,
    # and Engine.IO then refuses long-polling sessions, which would pass that cap.
    transport="websocket",
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Tab states: in this process's memory (no disk files to scan, nothing to share
    # with one worker), or in Redis shared by all workers.
    state_manager_mode=_topology.state_manager_mode,
    redis_url=_topology.redis_url or None,
    redis_token_expiration=_topology.state_expiry_s,
    # Before the login became a background event it held its tab's lock while bcrypt
    # ran, and on a busy morning the hashing queue outlasted Reflex's 10 s lock
    # (docs/benchmarks.md). 20 s still covers a slow event on a saturated machine; not
    # much longer: a lock left by a dead worker or a cancelled event makes the tab wait
    # this long.
    redis_lock_expiration=20_000,
)
