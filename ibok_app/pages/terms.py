"""/regulamin (public, printable, PDF) and /akceptacja-regulaminu (new version)."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard, public_page
from ibok_app.state.session import SessionState
from ibok_app.state.terms import AcceptTermsState, TermsState
from ibok_app.views.terms import Block, TermsSection


def _meta(state) -> rx.Component:
    return rx.el.p(strings.TERMS_VERSION, " ", state.version, ", ", strings.TERMS_IN_FORCE, " ",
                   state.in_force_from, class_name="muted")


@rx.page(route=routes.TERMS, title=f"{strings.TERMS_TITLE}", on_load=[SessionState.peek, TermsState.load])
def terms_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.TERMS_TITLE),
        loading_guard(
            TermsState.loaded,
            _meta(TermsState),
            rx.el.div(
                rx.el.a(strings.TERMS_PDF, href=routes.TERMS_PDF, class_name="btn", reload_document=True),
                rx.el.button(strings.TERMS_PRINT, type="button", class_name="btn btn--secondary",
                             on_click=rx.call_script("window.print()")),
                class_name="actions no-print",
            ),
            rx.el.nav(
                rx.el.h2(strings.TERMS_TOC, id="spis-tresci"),
                rx.el.ol(rx.foreach(TermsState.sections, _toc_entry), class_name="terms-toc"),
                aria_labelledby="spis-tresci", class_name="card no-print",
            ),
            rx.el.div(
                rx.foreach(TermsState.preamble, lambda b: rx.el.p(b.text, class_name="terms-preamble")),
                rx.foreach(TermsState.sections, _section),
                class_name="terms",
            ),
        ),
    )


def _toc_entry(section: TermsSection) -> rx.Component:
    return rx.el.li(rx.el.a(section.heading, href="#" + section.anchor))


def _line(block: Block) -> rx.Component:
    return rx.cond(
        block.kind == "item",
        rx.el.p(rx.el.span(block.marker, class_name="terms-marker", aria_hidden="true"), block.text,
                class_name="terms-item terms-item--" + block.level.to(str)),
        rx.el.p(block.text),
    )


def _section(section: TermsSection) -> rx.Component:
    return rx.el.section(
        rx.el.h2(section.heading, id=section.anchor, tab_index=-1),
        rx.foreach(section.blocks, _line),
        rx.el.p(rx.el.a(strings.TERMS_BACK_TO_TOC, href="#spis-tresci"), class_name="no-print terms-top"),
        class_name="terms-section",
    )


@rx.page(route=routes.ACCEPT_TERMS, title=f"{strings.ACCEPT_TITLE} — IBOK", on_load=AcceptTermsState.load)
def accept_terms_page() -> rx.Component:
    s = AcceptTermsState
    return customer_page(
        rx.el.h1(strings.ACCEPT_TITLE),
        loading_guard(
            s.loaded,
            rx.el.p(strings.ACCEPT_LEAD, class_name="alert alert--warn"),
            form_alert(s.message),
            _meta(s),
            rx.el.p(rx.el.a(strings.TERMS_PDF, href=routes.TERMS_PDF, reload_document=True)),
            rx.el.h2(s.title),
            rx.el.div(s.body, class_name="terms", tab_index=0, aria_label=strings.TERMS_TITLE,
                      style={"maxHeight": "60vh", "overflowY": "auto"}),
            rx.el.div(
                rx.el.button(strings.ACCEPT_BUTTON, type="button", class_name="btn",
                             on_click=s.accept, disabled=s.busy),
                class_name="actions",
            ),
            rx.el.p(strings.ACCEPT_DECLINE, class_name="muted"),
        ),
    )
