"""bcrypt runs in low-priority processes (integrations/bcrypt_pool.py), so a burst of
logins leaves the event loop its CPU."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import bcrypt

from ibok_app.integrations import bcrypt_pool


def test_hashes_and_checks_in_lower_priority_processes():
    salt = bcrypt.gensalt(rounds=4)
    hashed = bcrypt_pool.hashpw(b"Kropla-potok-47", salt)
    assert bcrypt.checkpw(b"Kropla-potok-47", hashed)  # the same bcrypt, only elsewhere
    with ThreadPoolExecutor(4) as threads:  # logins arrive from the server's threads at once
        answers = list(threads.map(lambda pw: bcrypt_pool.checkpw(pw, hashed), [b"Kropla-potok-47", b"zle"] * 4))
    assert answers == [True, False] * 4
    # where the work runs: another process, at least NICENESS below this one's priority
    pool = bcrypt_pool._executor()
    where = [pool.submit(_pid_and_niceness).result() for _ in range(6)]
    mine = os.nice(0)
    assert all(pid != os.getpid() and niceness >= mine + bcrypt_pool.NICENESS for pid, niceness in where)


def _pid_and_niceness() -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_a_killed_worker_does_not_break_logins():
    salt = bcrypt.gensalt(rounds=4)
    hashed = bcrypt_pool.hashpw(b"haslo-testowe-1", salt)
    victim = next(iter(bcrypt_pool._executor()._processes))
    os.kill(victim, 9)
    assert bcrypt_pool.checkpw(b"haslo-testowe-1", hashed) is True
