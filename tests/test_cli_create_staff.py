"""`python -m ibok_app.cli create-staff` (issue 10): the password from stdin, never
an argument; invalid input refused in Polish with a non-zero exit."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlmodel import select

from ibok_app.config import PROJECT_ROOT
from ibok_app.models import AuditLog, StaffRole, StaffUser
from ibok_app.services.accounts.passwords import verify_password

GOOD = "Wodociąg-Miejski-2026"


def _run(args, stdin):
    return subprocess.run([sys.executable, "-m", "ibok_app.cli", "create-staff", *args], input=stdin,
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=dict(os.environ), timeout=120)


ADMIN_ARGS = ["--login", "Admin.Pierwszy", "--name", "Anna Pierwsza", "--email", "anna@uskom.eu", "--role", "admin"]


def test_creates_the_first_administrator_with_the_password_from_stdin(session):
    done = _run(ADMIN_ARGS, GOOD + "\n")
    assert done.returncode == 0, done.stderr
    assert "admin.pierwszy" in done.stdout and GOOD not in done.stdout + done.stderr
    row = session.exec(select(StaffUser).where(StaffUser.login == "admin.pierwszy")).one()
    assert row.role == StaffRole.ADMIN and row.active and verify_password(GOOD, row.password_hash)
    entry = session.exec(select(AuditLog).where(AuditLog.action == "staff.create")).one()
    assert entry.actor_kind == "system"


@pytest.mark.parametrize("stdin,expected", [("password\n", "popularne"), ("krótkie\n", "co najmniej"),
                                            ("", "Podaj hasło")])
def test_refuses_a_weak_or_missing_password(session, stdin, expected):
    done = _run(ADMIN_ARGS, stdin)
    assert done.returncode == 1 and expected in done.stderr
    assert session.exec(select(StaffUser)).all() == []


def test_invalid_fields_in_polish(session):
    done = _run(["--login", "a", "--name", " ", "--email", "nie-email", "--role", "szef"], GOOD + "\n")
    assert done.returncode == 1
    for label in ("login:", "imię i nazwisko:", "e-mail:", "rola:"):
        assert label in done.stderr
    assert "Wybierz rolę" in done.stderr


def test_never_accepts_the_password_as_an_argument(session):
    for option in (["--password", GOOD], [f"--password={GOOD}"], ["--pass", GOOD], ["-p", GOOD]):
        done = _run(ADMIN_ARGS + option, GOOD + "\n")
        assert done.returncode != 0
    assert session.exec(select(StaffUser)).all() == []


def test_a_taken_login_is_refused(session):
    assert _run(ADMIN_ARGS, GOOD + "\n").returncode == 0
    again = _run(ADMIN_ARGS, GOOD + "\n")
    assert again.returncode == 1 and "zajęty" in again.stderr


def test_on_a_terminal_the_password_is_typed_twice(session, monkeypatch, capsys):
    import getpass

    from ibok_app import cli

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    typed = iter([GOOD, GOOD + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert cli.main(["create-staff", *ADMIN_ARGS]) == 1
    assert "Hasła nie są zgodne." in capsys.readouterr().err
    typed = iter([GOOD, GOOD])
    assert cli.main(["create-staff", *ADMIN_ARGS]) == 0
    session.expire_all()
    assert session.exec(select(StaffUser)).one().login == "admin.pierwszy"
