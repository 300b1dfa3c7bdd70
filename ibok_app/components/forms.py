"""Accessible form parts: every field has a visible <label>, its error is tied to it
with aria-describedby and announced with role="alert"."""
from __future__ import annotations

import reflex as rx


def _error_id(name: str) -> str:
    return f"{name}-error"


def field_error(name: str, error: rx.Var) -> rx.Component:
    return rx.el.p(error, id=_error_id(name), class_name="field-error", role="alert")


def text_field(label: str, name: str, errors: rx.Var, *, type: str = "text",
               hint: str | None = None, autocomplete: str | None = None,
               input_mode: str | None = None, required: bool = True,
               default_value: str | rx.Var | None = None, max_length: int = 254) -> rx.Component:
    """A labelled input. `errors` is the page state's dict var of field errors."""
    error = errors.get(name, "").to(str)
    described = f"{name}-hint {_error_id(name)}" if hint else _error_id(name)
    props = dict(
        id=name, name=name, type=type, auto_complete=autocomplete, input_mode=input_mode,
        required=required, aria_required="true" if required else None,
        aria_invalid=rx.cond(error != "", "true", "false"),
        aria_describedby=described, max_length=max_length,
    )
    if default_value is not None:
        props["default_value"] = default_value
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.input(**{k: v for k, v in props.items() if v is not None}),
        rx.el.span(hint, id=f"{name}-hint", class_name="hint") if hint else rx.fragment(),
        field_error(name, error),
        class_name="field",
    )


def checkbox_field(name: str, label: rx.Component, errors: rx.Var) -> rx.Component:
    error = errors.get(name, "").to(str)
    return rx.el.div(
        rx.el.div(
            rx.el.input(type="checkbox", id=name, name=name, value="on",
                        aria_invalid=rx.cond(error != "", "true", "false"),
                        aria_describedby=_error_id(name)),
            rx.el.label(label, html_for=name),
            class_name="checkbox",
        ),
        field_error(name, error),
        class_name="field",
    )


def form_alert(message: rx.Var, kind: str = "error") -> rx.Component:
    """A message for the whole form; rendered always so screen readers announce changes."""
    return rx.el.div(message, role="alert" if kind == "error" else "status",
                     class_name=f"alert alert--{kind}")


def submit_button(label: str, busy: rx.Var, busy_label: str = "Chwileczkę…") -> rx.Component:
    return rx.el.button(rx.cond(busy, busy_label, label), type="submit", class_name="btn",
                        disabled=busy, aria_busy=rx.cond(busy, "true", "false"))
