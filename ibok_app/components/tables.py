"""Tables of the customer zone. On a wide screen a captioned table (it scrolls
sideways inside its own box if it must); below 768 px a `stacked` table shows each
row as a card, every cell with its column's name (`data-label`), so number, amount,
status, due date and the action are all visible without sideways scrolling."""
from __future__ import annotations

import reflex as rx


def head(*columns: str | tuple[str, str]) -> rx.Component:
    """A header row; a column given as (label, "num") is a right-aligned amount."""
    cells = []
    for c in columns:
        label, cls = (c, None) if isinstance(c, str) else c
        cells.append(rx.el.th(label, scope="col", class_name=cls))
    return rx.el.thead(rx.el.tr(*cells))


def table(caption: str, header: rx.Component, *body: rx.Component, foot: rx.Component | None = None,
          scroll_label: str | None = None, stacked: bool = False) -> rx.Component:
    """A captioned table; `stacked`: cards on a phone (its cells made with `cell`)."""
    # the caption names the table for screen readers; a visible heading precedes each table
    parts = [rx.el.caption(caption, class_name="billing-sr"), header, rx.el.tbody(*body)]
    if foot is not None:
        parts.append(foot)
    return rx.el.div(rx.el.table(*parts), class_name="table-wrap billing-table" + (" stacked" if stacked else ""),
                     tab_index=0, role="region", aria_label=scroll_label or caption)


def cell(label: str, *children, class_name: str | None = None, **props) -> rx.Component:
    """A data cell that names its column when the row is shown as a card."""
    return rx.el.td(*children, data_label=label, class_name=class_name, **props)


def row_head(label: str, *children, class_name: str | None = None) -> rx.Component:
    """The row's own header cell (e.g. the document number), the card's title on a phone."""
    return rx.el.th(*children, scope="row", data_label=label, class_name=class_name)
