"""Operator command line: `python -m ibok_app.cli COMMAND`.

Each command is a thin wrapper: the work is done by a service function.
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def _cmd_migrate(_args) -> int:
    from ibok_app.db import session_scope
    from ibok_app.migrations import upgrade_to_head
    from ibok_app.services.accounts.terms import ensure_shipped_terms

    upgrade_to_head()
    with session_scope() as session:
        ensure_shipped_terms(session)  # terms v1 ship with the code
    print("Baza danych zaktualizowana do najnowszej wersji schematu.")
    return 0


def _cmd_seed_demo(args) -> int:
    from ibok_app import demo

    started = time.perf_counter()
    report = demo.seed_demo(customers=args.customers, seed=args.seed, if_empty=args.if_empty,
                            progress=None if args.quiet else _progress)
    took = time.perf_counter() - started
    print(f"{report} ({took:.1f} s)")
    if args.accounts:
        from ibok_app.db import session_scope
        from ibok_app.demo.bench_accounts import BENCH_PASSWORD, ensure_bench_accounts

        with session_scope() as session:
            added = ensure_bench_accounts(session, args.accounts)
        print(f"Konta do testu obciążenia: dodano {added} (hasło każdego: {BENCH_PASSWORD}).")
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\r  klienci: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


METER_KINDS = {"one": "jeden wodomierz", "several": "kilka wodomierzy",
               "garden": "wodomierz główny i ogrodowy"}


def _cmd_demo_accounts(args) -> int:
    from ibok_app import demo

    accounts = demo.demo_accounts()
    if args.json:
        print(json.dumps(accounts, ensure_ascii=False, indent=2))
    else:
        for acc in accounts["registered"]:
            print(f"login {acc['login']}  hasło {acc['password']}  "
                  f"({METER_KINDS[acc['meters']]}, punkty poboru: {acc['service_points']})")
        for acc in accounts["unregistered"]:
            print(f"do rejestracji: klient {acc['customer_number']}, faktura {acc['invoice_number']}, "
                  f"kwota {acc['gross_amount']}")
    return 0


def _cmd_send_outbox(args) -> int:
    from ibok_app.services.notifications import delivery

    report = delivery.deliver_due(limit=args.limit)
    print(report)
    return 0


def _cmd_requeue_outbox(args) -> int:
    """After an outage of the mail server or the SMS gateway: try the given up messages again."""
    from ibok_app.db import session_scope
    from ibok_app.services.notifications.outbox import requeue_failed

    with session_scope() as session:
        count = requeue_failed(session, args.id or None)
    print(f"Ponownie w kolejce: {count}.")
    return 0


def _cmd_housekeeping(_args) -> int:
    from ibok_app.services.accounts.housekeeping import run_housekeeping
    from ibok_app.services.payments.expiry import expire_now

    print(run_housekeeping())
    print(f"Wygasłe płatności online: {expire_now()}")
    return 0


def _cmd_payments_status(_args) -> int:
    """Online payments the gateway never reported on, past IBOK_PAYMENT_PENDING_MINUTES: listed, then expired."""
    from ibok_app.db import session_scope
    from ibok_app.services.payments.history import reconcile

    with session_scope() as session:
        rows, _expired = reconcile(session)
    if not rows:
        print("Brak zawieszonych płatności online: każda rozpoczęta płatność ma wynik albo jeszcze czeka.")
        return 0
    print(f"{'zamówienie':<28} {'klient':<10} {'kwota':>14}  {'status':<8} {'rozpoczęta':<16} "
          f"{'ostatnia zmiana':<16} co się stało")
    for r in rows:
        print(f"{r.order_id:<28} {r.customer_number:<10} {r.amount_display:>14}  {r.status:<8} {r.started:<16} "
              f"{r.last_change:<16} wygasła; dokumenty znów do wyboru, spóźniony SUCCESS nadal zostanie zaksięgowany")
    print(f"Razem: {len(rows)}.")
    return 0


def _read_new_password() -> str | None:
    """The new password: one line of stdin when it is not a terminal (scripts, pipes),
    else typed twice without echo. Never a command-line argument (ps, shell history)."""
    import getpass

    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line[:-1].removesuffix("\r") if line.endswith("\n") else line
    first = getpass.getpass("Hasło: ")
    if getpass.getpass("Powtórz hasło: ") != first:
        return None
    return first


def _cmd_create_staff(args) -> int:
    """A staff account for the back office; the first administrator is made this way."""
    from ibok_app.db import session_scope
    from ibok_app.services.accounts.passwords import PASSWORDS_DIFFER
    from ibok_app.services.staff.accounts import create_staff

    try:
        password = _read_new_password()
    except (EOFError, KeyboardInterrupt):
        print("Przerwano: konto nie zostało utworzone.", file=sys.stderr)
        return 1
    if password is None:
        print(f"hasło: {PASSWORDS_DIFFER}", file=sys.stderr)
        return 1
    with session_scope() as session:
        result = create_staff(session, actor_id=None, login=args.login, full_name=args.name, email=args.email,
                              role=args.role, password=password)
    if not result.ok:
        labels = {"login": "login", "full_name": "imię i nazwisko", "email": "e-mail", "role": "rola",
                  "password": "hasło", "password_confirm": "hasło"}
        print(result.message, file=sys.stderr)
        for name, message in result.errors.items():
            print(f"  {labels.get(name, name)}: {message}", file=sys.stderr)
        return 1
    print(f"{result.message} Rola: {result.staff.role_label.lower()}. "
          "Drugi składnik (aplikację uwierzytelniającą) można skonfigurować po zalogowaniu w /admin.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ibok_app.cli", description="IBOK: polecenia operatora")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="zastosuj migracje bazy danych").set_defaults(func=_cmd_migrate)

    p = sub.add_parser("seed-demo", help="załaduj dane demonstracyjne (deterministyczne)")
    p.add_argument("--customers", type=int, default=200)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--if-empty", action="store_true", help="nic nie rób, gdy baza ma już klientów")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--accounts", type=int, default=0, metavar="N",
                   help="co najmniej N gotowych kont IBOK do testu obciążenia (python -m ibok_app.bench load)")
    p.set_defaults(func=_cmd_seed_demo)

    p = sub.add_parser("demo-accounts", help="konta demonstracyjne w używanej bazie")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_demo_accounts)

    p = sub.add_parser("send-outbox", help="wyślij zaległe e-maile i SMS-y")
    p.add_argument("--limit", type=int, default=500)
    p.set_defaults(func=_cmd_send_outbox)

    p = sub.add_parser("requeue-outbox", help="ponów wiadomości, których wysłanie się nie udało")
    p.add_argument("--id", type=int, action="append", help="tylko ta wiadomość (można powtórzyć)")
    p.set_defaults(func=_cmd_requeue_outbox)

    sub.add_parser("housekeeping", help="usuń konta po 14 dniach od rezygnacji (§7), wygasłe sesje "
                   "i porzucone płatności online").set_defaults(func=_cmd_housekeeping)
    sub.add_parser("payments-status", help="płatności online bez wyniku po czasie oczekiwania: lista, potem wygaszenie"
                   ).set_defaults(func=_cmd_payments_status)

    p = sub.add_parser("create-staff", help="utwórz konto pracownika (hasło ze standardowego wejścia "
                       "albo wpisywane dwa razy, nigdy jako argument)")
    p.add_argument("--login", required=True)
    p.add_argument("--name", required=True, help="imię i nazwisko")
    p.add_argument("--email", required=True)
    p.add_argument("--role", required=True, metavar="admin|operator|auditor")
    p.set_defaults(func=_cmd_create_staff)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ibok_app import bootstrap
    from ibok_app.config import ConfigError

    args = build_parser().parse_args(argv)
    try:
        bootstrap.integrations()  # a backend that cannot be loaded stops every command here
        return args.func(args)
    except ConfigError as exc:  # a refused setting: say which, without a traceback
        print(f"Błąd konfiguracji: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
