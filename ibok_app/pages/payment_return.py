"""/platnosci/powrot?ServiceID=…&OrderID=…&Hash=… — where the gateway sends the customer
back. A link with a wrong hash shows an error and changes nothing; the result follows
the gateway's notification by itself, without reloading."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.services.payments.history import BOOKED, EXPIRED, INVALID, REFUSED, WAITING
from ibok_app.state.payment_return import PaymentReturnState
from ibok_app.strings import payments as t


def _result(outcome: str, kind: str, title: str, note) -> rx.Component:
    s = PaymentReturnState
    return rx.cond(
        s.outcome == outcome,
        rx.el.div(
            rx.el.h2(title, class_name="alert__title"),
            rx.el.dl(
                rx.el.div(rx.el.dt(t.RETURN_ORDER), rx.el.dd(s.order_id)),
                rx.el.div(rx.el.dt(t.RETURN_AMOUNT), rx.el.dd(s.amount)),
                class_name="facts facts--inline",
            ),
            rx.el.p(note),
            class_name=f"alert alert--{kind}", data_testid="payment-result", data_outcome=outcome,
        ),
    )


def _results() -> rx.Component:
    s = PaymentReturnState
    waiting_note = rx.cond(s.gave_up, t.RETURN_STILL_WAITING, t.RETURN_WAITING_NOTE)
    return rx.el.div(
        _result(WAITING, "info", t.RETURN_WAITING, waiting_note),
        _result(BOOKED, "ok", t.RETURN_BOOKED, t.RETURN_BOOKED_NOTE),
        _result(REFUSED, "error", t.RETURN_REFUSED, t.RETURN_REFUSED_NOTE),
        _result(EXPIRED, "warn", t.RETURN_EXPIRED, t.RETURN_EXPIRED_NOTE),
        rx.cond(s.outcome == INVALID,
                rx.el.p(t.RETURN_INVALID, class_name="alert alert--error", data_testid="payment-result",
                        data_outcome=INVALID)),
        role="status", aria_live="polite",
    )


@rx.page(route=routes.PAYMENT_RETURN, title=f"{t.RETURN_TITLE} — IBOK", on_load=PaymentReturnState.load)
def payment_return_page() -> rx.Component:
    s = PaymentReturnState
    return customer_page(
        rx.el.h1(t.RETURN_TITLE),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            _results(),
            rx.el.div(
                rx.el.a(t.HISTORY_LINK, href=routes.PAYMENTS, class_name="btn"),
                rx.el.a("Zobacz faktury", href=routes.DOCUMENTS, class_name="btn btn--secondary"),
                class_name="actions",
            ),
        ),
        narrow=True,
    )
