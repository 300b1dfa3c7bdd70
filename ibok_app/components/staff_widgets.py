"""Pieces the desk's pages share: the pager of a paginated list, a column header that
sorts the list, a filter <select> whose choice lives in the address, and the
confirmation asked before a change."""
from __future__ import annotations

import reflex as rx

from ibok_app.strings import staff as txt


def pager(page: rx.Var, pages: rx.Var, page_base: rx.Var | str, param: rx.Var | str = "strona",
          label: rx.Var | str = txt.PAGE_OF) -> rx.Component:
    """"Poprzednia / Strona n / m / Następna"; `page_base` is the list's address with its
    filters, ending in "?" or "&"; `param` the name of the page in it (a page with
    several paged lists gives each its own, and each pager its own `label`, so the
    navigation landmarks differ)."""
    return rx.el.nav(
        rx.cond(page > 1, rx.el.a(txt.PREV, href=page_base + param + "=" + (page - 1).to(str))),
        rx.el.span(txt.PAGE_OF, " ", page, " / ", pages),
        rx.cond(page < pages, rx.el.a(txt.NEXT, href=page_base + param + "=" + (page + 1).to(str))),
        aria_label=label, class_name="pager",
    )


def sort_header(label: str, key: str, sort: rx.Var, sort_base: rx.Var, *,
                descending_first: bool = False) -> rx.Component:
    """A column header that sorts the list by `key`: a <button> in the <th> (Tab and
    Enter or Space, like any button) that opens the list's address with `sort=key`
    (ascending) or `sort=-key` (descending), on the first page; clicking the sorted
    column again turns the order round. The <th> says how the list is sorted
    (`aria-sort`) and an arrow shows it. `sort` is the list's sort as the service
    applied it (its whitelist: anything else is its default), `sort_base` the list's
    address with its filters and without sort or page, ending in "?" or "&". Columns
    whose natural order is newest or largest first pass `descending_first`."""
    up, down = key, "-" + key
    first, then = (down, up) if descending_first else (up, down)
    is_up, is_down = sort == up, sort == down
    return rx.el.th(
        rx.el.button(
            label,
            rx.el.span(rx.cond(is_up, "▲", rx.cond(is_down, "▼", "↕")), aria_hidden="true", class_name="sort-icon"),
            type="button", class_name="sort-button",
            on_click=rx.redirect(sort_base + "sort=" + rx.cond(sort == first, then, first)),
        ),
        scope="col", data_sortable="1",
        aria_sort=rx.cond(is_up, "ascending", rx.cond(is_down, "descending", "none")),
    )


def sortable_head(sort: rx.Var, sort_base: rx.Var, *columns) -> rx.Component:
    """A table's header row: a column given as (label, key) or (label, key, True for
    descending first) sorts, a plain label does not. On a phone (stacked tables) the
    sortable headers stay visible above the cards, the others are hidden."""
    cells = []
    for column in columns:
        if isinstance(column, str):
            cells.append(rx.el.th(column, scope="col"))
        else:
            label, key, *rest = column
            cells.append(sort_header(label, key, sort, sort_base, descending_first=bool(rest and rest[0])))
    return rx.el.thead(rx.el.tr(*cells), class_name="sortable-head")


def filter_select(label: str, name: str, options: rx.Var, filters: rx.Var,
                  any_label: str | None = txt.T_ANY) -> rx.Component:
    """A labelled <select> of `options` (.value, .label), preset from the page's
    `filters` dict var; `any_label` adds the "no filter" choice first."""
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.select(*([rx.el.option(any_label, value="")] if any_label else []),
                     rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
                     id=name, name=name, default_value=filters.get(name, "").to(str)),
        class_name="field",
    )


def confirmation(question: rx.Var, on_confirm: rx.EventHandler, on_cancel: rx.EventHandler,
                 dialog_id: str) -> rx.Component:
    """The question asked before a change, with "Potwierdź" (focused) and "Anuluj"."""
    return rx.cond(
        question != "",
        rx.el.div(
            rx.el.p(question, id=dialog_id),
            rx.el.div(rx.el.button(txt.CONFIRM, type="button", class_name="btn", on_click=on_confirm,
                                   auto_focus=True),
                      rx.el.button(txt.CANCEL, type="button", class_name="btn btn--secondary", on_click=on_cancel),
                      class_name="actions"),
            role="alertdialog", aria_labelledby=dialog_id, class_name="alert alert--warn",
        ),
    )
