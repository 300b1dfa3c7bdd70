"""/admin/dziennik — the audit log (administrators, auditors)."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import portal_form
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.staff_widgets import filter_select, pager, sortable_head
from ibok_app.components.tables import cell, row_head, table
from ibok_app.services.desk.audit_log import AuditRow
from ibok_app.state.staff_audit import StaffAuditState
from ibok_app.strings import staff as txt

s = StaffAuditState


def _input(label: str, name: str, type_: str = "text") -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.input(id=name, name=name, type=type_, default_value=s.filters.get(name, "").to(str),
                    max_length=100),
        class_name="field",
    )


def _filters() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.AUDIT_FILTERS_TITLE, id="audit-filters"),
        portal_form(
            rx.el.div(
                filter_select(txt.F_STAFF, "pracownik", s.staff, s.filters, txt.F_ANY),
                _input(txt.F_AUDIT_CUSTOMER, "klient"),
                filter_select(txt.F_ACTION, "czynnosc", s.actions, s.filters, txt.F_ANY_ACTION),
                _input(txt.F_FROM, "od", "date"),
                _input(txt.F_TO, "do", "date"),
                class_name="filter-grid",
            ),
            rx.el.input(type="hidden", name="sort", value=s.filters.get("sort", "").to(str)),
            rx.el.div(
                rx.el.button(txt.APPLY, type="submit", class_name="btn"),
                rx.el.a(txt.CLEAR, href=routes.STAFF_AUDIT, class_name="btn btn--secondary"),
                rx.el.a(txt.EXPORT_CSV, href=s.csv_url, class_name="btn btn--secondary", download=True),
                class_name="actions",
            ),
            on_submit=s.apply, key=s.csv_url,
        ),
        class_name="card", aria_labelledby="audit-filters",
    )


def _row(r: AuditRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.A_AT, r.at_text, class_name="nowrap"),
        cell(txt.A_WHO, r.actor_label, rx.el.br(), rx.el.small(r.actor_name)),
        cell(txt.A_ACTION, rx.el.code(r.action)),
        cell(txt.A_TARGET, r.entity, rx.cond(r.entity_id, rx.fragment(" #", r.entity_id.to(str)))),
        cell(txt.A_CUSTOMER, r.customer_number),
        cell(txt.A_CHANGE, rx.el.small(r.before, rx.cond((r.before != "") & (r.after != ""), " → ", ""), r.after,
                                       class_name="audit-json")),
        cell(txt.A_IP, r.client_ip),
    )


@rx.page(route=routes.STAFF_AUDIT, title=f"{txt.AUDIT_TITLE} — IBOK", on_load=StaffAuditState.load)
def staff_audit_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.AUDIT_TITLE),
        rx.el.p(txt.AUDIT_LEAD, class_name="lead"),
        loading_guard(
            s.loaded,
            _filters(),
            rx.el.p(txt.FOUND_COUNT, ": ", rx.el.strong(s.total), data_testid="audit-count"),
            rx.cond(s.total > 0,
                    rx.fragment(table(txt.AUDIT_TABLE, sortable_head(
                        s.sort, s.sort_base, (txt.A_AT, "at", True), txt.A_WHO, (txt.A_ACTION, "action"),
                        txt.A_TARGET, txt.A_CUSTOMER, txt.A_CHANGE, txt.A_IP),
                                      rx.foreach(s.rows, _row), stacked=True),
                                pager(s.page, s.pages, s.page_base)),
                    rx.el.p(txt.AUDIT_EMPTY, class_name="muted")),
        ),
    )
