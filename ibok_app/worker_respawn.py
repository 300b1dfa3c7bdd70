"""Granian respawns a worker that dies instead of stopping the whole portal.

Reflex starts Granian without `respawn_failed_workers` (reflex/utils/exec.py), and then
Granian's serve loop ends the server as soon as one worker exits unexpectedly
(granian/server/common.py `_serve_loop`): a worker killed by the OOM killer or a crash
in a native library would take every customer's connection with it. rxconfig.py
calls `enable()` before Reflex starts the server; Granian itself stops respawning a
worker that dies again within seconds (a crash loop), so a broken build still ends.
"""
from __future__ import annotations

import functools


def enable() -> None:
    from granian.server import common

    init = common.AbstractServer.__init__
    if getattr(init, "ibok_respawns", False):
        return

    @functools.wraps(init)
    def respawning(self, *args, **kwargs):
        kwargs.setdefault("respawn_failed_workers", True)
        init(self, *args, **kwargs)

    respawning.ibok_respawns = True
    common.AbstractServer.__init__ = respawning
