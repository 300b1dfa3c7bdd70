"""bcrypt in low-priority worker processes.

A bcrypt check is ~0.25 s of pure CPU. Run in the server's threads, a burst of logins
(the morning an invoice run lands) takes every core, and the event loop that serves
everybody else waits for CPU with it. Here the hashing runs in a pool of processes
(one per core) started at a lower scheduling priority (nice 10): logins still use every
core the pages leave idle, but page loads come first. The forkserver start method
keeps the server's threads and sockets out of the children.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import bcrypt

NICENESS = 10
_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def _lower_priority() -> None:
    os.nice(NICENESS)


def _executor(renew: bool = False) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if renew and _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, initializer=_lower_priority,
                                        mp_context=multiprocessing.get_context("forkserver"))
        return _pool


def _run(fn, *args):
    try:
        return _executor().submit(fn, *args).result()
    except BrokenProcessPool:  # a worker was killed (OOM killer, an operator): start afresh once
        return _executor(renew=True).submit(fn, *args).result()


def hashpw(password: bytes, salt: bytes) -> bytes:
    return _run(bcrypt.hashpw, password, salt)


def checkpw(password: bytes, hashed: bytes) -> bool:
    return _run(bcrypt.checkpw, password, hashed)
