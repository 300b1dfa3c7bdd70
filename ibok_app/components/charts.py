"""Chart parts with Polish formats: tooltips and axes in "297,45 zł" / "24,26 m³",
a light hover band instead of the black one Reflex's defaults draw without a Radix
theme, and a lighter colour for the period still running ("w toku")."""
from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

_FORMATS = {
    "zł": "new Intl.NumberFormat('pl-PL', {style: 'currency', currency: 'PLN'}).format(v)",
    "m³": "new Intl.NumberFormat('pl-PL', {minimumFractionDigits: 2, maximumFractionDigits: 3}).format(v) + ' m³'",
}
_AXIS = "new Intl.NumberFormat('pl-PL', {maximumFractionDigits: 0}).format(v)"
HOVER = {"fill": "rgba(11, 79, 138, 0.08)"}
BOX = {"background": "#fff", "border": "1px solid #7a8794", "borderRadius": "6px", "color": "#1b2430"}


def tooltip(unit: str) -> rx.Component:
    """A tooltip whose values read as Polish amounts of `unit` ("zł" or "m³")."""
    # recharts' `formatter` is not among Reflex's declared Tooltip props: passed as is
    formatter = FunctionStringVar.create(f"((v) => (v === null || v === undefined) ? '' : {_FORMATS[unit]})")
    return rx.recharts.tooltip(
        cursor=HOVER, content_style=BOX, item_style={"color": "#1b2430"}, label_style={"fontWeight": 600},
        separator=": ", custom_attrs={"formatter": formatter},
    )


def y_axis(unit: str, width: int = 80) -> rx.Component:
    return rx.recharts.y_axis(tick_formatter=FunctionStringVar.create(f"((v) => {_AXIS} + ' {unit}')"), width=width)


def lighter(colour: str) -> str:
    """The same hue at 45 % opacity (for the unfinished period)."""
    return colour + "73"
