"""/platnosci/zaplac — choose what to pay online (§9 g): everything due, some unpaid
documents, or an amount; the summary (amount, documents, fee) before leaving for the
gateway with "Przejdź do płatności". `?dokument=ID` preselects one document."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import field_error, form_alert, portal_form, submit_button
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.models import OnlinePaymentMode
from ibok_app.services.payments.checkout import UNAVAILABLE, PayableDocument
from ibok_app.state.pay import PayState
from ibok_app.strings import payments as t

ALL, DOCS, AMOUNT = (m.value for m in (OnlinePaymentMode.ALL_DUE, OnlinePaymentMode.DOCUMENTS,
                                       OnlinePaymentMode.AMOUNT))


def _radio(value: str, label, disabled=False) -> rx.Component:
    s = PayState
    return rx.el.div(
        rx.el.input(type="radio", id=f"mode-{value}", name="mode", value=value, default_checked=s.mode == value,
                    disabled=disabled, on_change=PayState.choose_mode(value)),
        rx.el.label(label, html_for=f"mode-{value}"),
        class_name="checkbox",
    )


def _modes() -> rx.Component:
    s = PayState
    return rx.el.fieldset(
        rx.el.legend(t.WHAT, class_name="label"),
        _radio(ALL, rx.cond(s.has_due, rx.fragment(t.MODE_ALL, " — ", rx.el.strong(s.due)),
                            rx.cond(s.documents.length() > s.free_documents, t.MODE_ALL_BUSY, t.MODE_ALL_NONE)),
               disabled=~s.has_due),
        _radio(DOCS, t.MODE_DOCUMENTS, disabled=s.documents.length() == 0),
        _radio(AMOUNT, t.MODE_AMOUNT),
        field_error("mode", s.errors.get("mode", "").to(str)),
        class_name="field pay-modes", aria_describedby="mode-error",
    )


def _document(d: PayableDocument) -> rx.Component:
    box_id = "dokument-" + d.id.to(str)
    return rx.el.li(
        rx.el.input(type="checkbox", id=box_id, default_checked=PayState.selected.contains(d.id),
                    disabled=d.in_progress, on_change=PayState.toggle_document(d.id),
                    aria_describedby="documents-error"),
        rx.el.label(
            rx.el.strong(d.number), rx.el.span(" · ", aria_hidden="true"), d.type_label,
            rx.el.span(" · ", aria_hidden="true"), t.DUE_ON, " ", d.due_date_display,
            rx.el.span(" · ", aria_hidden="true"), t.LEFT_TO_PAY, " ", rx.el.strong(d.outstanding_display),
            rx.cond(d.in_progress, rx.el.span(t.IN_PROGRESS, class_name="case-status case-status--in_progress")),
            html_for=box_id,
        ),
        class_name="checkbox pay-document",
    )


def _documents() -> rx.Component:
    s = PayState
    return rx.el.fieldset(
        rx.el.legend(t.DOCUMENTS, class_name="label"),
        rx.cond(s.documents.length() > 0,
                rx.el.ul(rx.foreach(s.documents, _document), class_name="pay-documents"),
                rx.el.p(t.DOCUMENTS_NONE, class_name="muted")),
        rx.cond(s.free_documents < s.documents.length(), rx.el.p(t.IN_PROGRESS_NOTE, class_name="hint")),
        field_error("documents", s.errors.get("documents", "").to(str)),
        class_name="field",
    )


def _amount() -> rx.Component:
    s = PayState
    error = s.errors.get("amount", "").to(str)
    return rx.el.div(
        rx.el.label(t.AMOUNT, html_for="amount"),
        rx.el.input(id="amount", name="amount", type="text", input_mode="decimal", auto_complete="off",
                    default_value=s.amount, max_length=20, on_change=PayState.type_amount,
                    aria_invalid=rx.cond(error != "", "true", "false"), aria_describedby="amount-hint amount-error"),
        rx.el.span(s.amount_hint, id="amount-hint", class_name="hint"),
        field_error("amount", error),
        class_name="field pay-amount",
    )


def _summary() -> rx.Component:
    s = PayState
    return rx.el.section(
        rx.el.h2(t.SUMMARY, id="summary-title"),
        rx.el.div(
            rx.cond(
                s.sum_amount != "",
                rx.el.dl(
                    rx.el.div(rx.el.dt(t.SUM_AMOUNT), rx.el.dd(s.sum_amount, data_testid="pay-amount")),
                    rx.cond(s.has_fee, rx.el.div(rx.el.dt(t.SUM_FEE), rx.el.dd(s.sum_fee))),
                    rx.el.div(rx.el.dt(t.SUM_TOTAL), rx.el.dd(rx.el.strong(s.sum_total), data_testid="pay-total")),
                    rx.el.div(rx.el.dt(t.SUM_DOCUMENTS),
                              rx.el.dd(rx.cond(s.sum_documents.length() > 0, s.sum_documents.join(", "),
                                               t.SUM_AHEAD), data_testid="pay-documents")),
                    class_name="facts",
                ),
                rx.el.p(t.SUM_INCOMPLETE, class_name="muted"),
            ),
            aria_live="polite",
        ),
        class_name="card pay-summary", aria_labelledby="summary-title",
    )


def _form() -> rx.Component:
    s = PayState
    return portal_form(
        form_alert(s.message),
        _modes(),
        rx.cond(s.mode == DOCS, _documents()),
        rx.cond(s.mode == AMOUNT, _amount()),
        _summary(),
        rx.el.div(
            submit_button(t.GO, s.busy | s.leaving, t.GOING),
            rx.el.a(t.CANCEL, href=routes.PAYMENTS, class_name="btn btn--secondary"),
            class_name="actions",
        ),
        on_submit=PayState.submit,
    )


@rx.page(route=routes.PAY, title=f"{t.PAY_TITLE} — IBOK", on_load=PayState.load)
def pay_page() -> rx.Component:
    s = PayState
    return customer_page(
        rx.el.h1(t.PAY_TITLE),
        rx.el.p(t.PAY_LEAD, class_name="lead"),
        loading_guard(
            s.loaded,
            rx.cond(s.simulated, rx.el.p(t.PAY_SIMULATED, class_name="alert alert--warn")),
            rx.cond(s.enabled, _form(), rx.el.p(UNAVAILABLE, class_name="alert alert--info")),
        ),
        narrow=True,
    )
