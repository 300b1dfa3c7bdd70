"""Status badges: the status label, styled by a class derived from the status code."""
from __future__ import annotations

import reflex as rx


def status_badge(status: rx.Var, label: rx.Var, kind: str = "case-status") -> rx.Component:
    """<span class="{kind} {kind}--{status}">label</span>; kinds are styled in assets/ibok.css."""
    return rx.el.span(label, class_name=f"{kind} {kind}--" + status.to(str))
