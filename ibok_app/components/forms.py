"""Accessible form parts: every field has a visible <label>, its error is tied to it
with aria-describedby and announced with role="alert"."""
from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.forms import Input

from ibok_app.services.common.photos import MAX_PHOTO_BYTES

REVEAL_PASSWORD = "Pokaż hasło"
PHOTO_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def _error_id(name: str) -> str:
    return f"{name}-error"


def _described(name: str, hint: str | None) -> str:
    return f"{name}-hint {_error_id(name)}" if hint else _error_id(name)


def field_hint(name: str, hint: str | None) -> rx.Component:
    return rx.el.span(hint, id=f"{name}-hint", class_name="hint") if hint else rx.fragment()


def field_error(name: str, error: rx.Var) -> rx.Component:
    return rx.el.p(error, id=_error_id(name), class_name="field-error", role="alert")


def _invalid(error: rx.Var) -> rx.Var:
    return rx.cond(error != "", "true", "false")


def text_field(label: str, name: str, errors: rx.Var, *, type: str = "text",
               hint: str | None = None, autocomplete: str | None = None,
               input_mode: str | None = None, required: bool = True,
               default_value: str | rx.Var | None = None, max_length: int = 254) -> rx.Component:
    """A labelled input. `errors` is the page state's dict var of field errors."""
    error = errors.get(name, "").to(str)
    props = dict(
        id=name, name=name, type=type, auto_complete=autocomplete, input_mode=input_mode,
        required=required, aria_required="true" if required else None,
        aria_invalid=_invalid(error), aria_describedby=_described(name, hint), max_length=max_length,
    )
    if default_value is not None:
        props["default_value"] = default_value
    control = rx.el.input(**{k: v for k, v in props.items() if v is not None})
    if type == "password":
        control = rx.el.div(control, _reveal_button(name), class_name="password-wrap")
    return rx.el.div(
        rx.el.label(label, html_for=name),
        control,
        field_hint(name, hint),
        field_error(name, error),
        class_name="field",
    )


def _reveal_button(name: str) -> rx.Component:
    """"Pokaż hasło": shows the typed password as text and back, in the browser only
    (nothing is sent); aria-pressed tells a screen reader which way it is."""
    script = (f"(() => {{ const i = document.getElementById({name!r}); const b = document.getElementById("
              f"{name + '-reveal'!r}); if (!i || !b) return; const show = i.type === 'password'; "
              "i.type = show ? 'text' : 'password'; b.setAttribute('aria-pressed', String(show)); })()")
    return rx.el.button(REVEAL_PASSWORD, type="button", id=f"{name}-reveal", class_name="password-reveal",
                        aria_pressed="false", aria_controls=name, on_click=rx.call_script(script))


def select_field(label: str, name: str, errors: rx.Var, options: rx.Var, *, placeholder: str,
                 hint: str | None = None, required: bool = True,
                 default_value: str | rx.Var = "") -> rx.Component:
    """A labelled <select>; `options` is a list var of items with `.value` and `.label`."""
    error = errors.get(name, "").to(str)
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.select(
            rx.el.option(placeholder, value=""),
            rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
            id=name, name=name, default_value=default_value,
            aria_required="true" if required else "false",
            aria_invalid=_invalid(error), aria_describedby=_described(name, hint),
        ),
        field_hint(name, hint),
        field_error(name, error),
        class_name="field",
    )


def textarea_field(label: str, name: str, errors: rx.Var, *, hint: str | None = None,
                   max_length: int = 4000, rows: int = 6, required: bool = True) -> rx.Component:
    error = errors.get(name, "").to(str)
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.textarea(
            id=name, name=name, rows=rows, max_length=max_length,
            aria_required="true" if required else "false",
            aria_invalid=_invalid(error), aria_describedby=_described(name, hint),
        ),
        field_hint(name, hint),
        field_error(name, error),
        class_name="field",
    )


def checkbox_field(name: str, label: rx.Component | str, errors: rx.Var, *,
                   default_checked: rx.Var | None = None, class_name: str = "field") -> rx.Component:
    error = errors.get(name, "").to(str)
    checked = {} if default_checked is None else {"default_checked": default_checked}
    return rx.el.div(
        rx.el.div(
            rx.el.input(type="checkbox", id=name, name=name, value="on", **checked,
                        aria_invalid=_invalid(error), aria_describedby=_error_id(name)),
            rx.el.label(label, html_for=name),
            class_name="checkbox",
        ),
        field_error(name, error),
        class_name=class_name,
    )


def photo_upload(upload_id: str, *, button_label: str, input_label: str, on_drop: rx.EventHandler,
                 on_drop_rejected: rx.EventHandler, class_name: str, note: str | None = None,
                 disabled: rx.Var | None = None, name: str = "photo") -> rx.Component:
    """One JPEG/PNG photo through rx.upload, sent to `on_drop` as soon as it is chosen.

    The visible control is a real button (id `name`, named by its own text and
    described by `<name>-label <name>-hint <name>-error`, which photo_field renders); the zone itself
    takes no keyboard focus. The handler must pass the bytes to a service, never leave
    them in Reflex's public upload folder.
    """
    state = {} if disabled is None else {"disabled": disabled}
    zone = rx.upload.root(
        # its name is its visible text (WCAG 2.5.3 Label in Name); the field's label,
        # hint and error reach it as its description
        rx.el.button(button_label, type="button", class_name="btn btn--secondary", id=name,
                     aria_describedby=f"{name}-label {name}-hint {_error_id(name)}",
                     **state),
        *([rx.el.span(note, class_name="muted")] if note else []),
        id=upload_id,
        accept=PHOTO_TYPES,
        multiple=False, max_files=1, max_size=MAX_PHOTO_BYTES, no_keyboard=True,
        on_drop=on_drop, on_drop_rejected=on_drop_rejected,
        class_name=class_name,
    )
    # react-dropzone's hidden <input type="file"> has no label of its own (axe: "label")
    for child in zone.children[:1]:
        for file_input in child.children[:1]:
            if isinstance(file_input, Input):
                file_input.custom_attrs["aria-label"] = input_label
    return zone


def photo_field(label: str, hint: str, zone: rx.Component, error: rx.Var, *status: rx.Component,
                name: str = "photo") -> rx.Component:
    """The parts photo_upload's button refers to around the zone: the label, the hint,
    a live status line (`status`, e.g. photo_attached) and the error."""
    return rx.el.div(
        rx.el.span(label, class_name="label", id=f"{name}-label"),
        zone,
        field_hint(name, hint),
        rx.el.div(*status, role="status", class_name="photo-status"),
        field_error(name, error),
        class_name="field",
    )


def photo_attached(text: str, photo_name: rx.Var, remove_label: str,
                   on_remove: rx.EventHandler) -> rx.Component:
    """Shows "<text> <photo name> [remove button]" while a photo is attached."""
    return rx.cond(
        photo_name != "",
        rx.el.span(text, " ", rx.el.strong(photo_name), " ",
                   rx.el.button(remove_label, type="button", class_name="btn btn--secondary btn--small",
                                on_click=on_remove)),
    )


def form_alert(message: rx.Var, kind: str = "error") -> rx.Component:
    """A message for the whole form; rendered always so screen readers announce changes."""
    return rx.el.div(message, role="alert" if kind == "error" else "status",
                     class_name=f"alert alert--{kind}")


def portal_form(*children, on_submit, **props) -> rx.Component:
    """Every form of the portal.

    Until the app has connected, a form is plain HTML: Enter (or autofill) would
    submit it natively as a GET with every field, the password too, in the URL.
    method="post" keeps the fields out of the URL (api/form_fallback.py answers such
    a POST with the same page), and submit_button stays disabled until hydrated.
    """
    return rx.el.form(*children, on_submit=on_submit, method="post", no_validate=True, **props)


def _not_ready_or(busy: rx.Var) -> rx.Var:
    """Disabled while busy, and before the app is connected (see portal_form)."""
    return rx.cond(rx.State.is_hydrated, busy, True)


def submit_button(label: str, busy: rx.Var, busy_label: str = "Chwileczkę…", *,
                  class_name: str = "btn") -> rx.Component:
    return rx.el.button(rx.cond(busy, busy_label, label), type="submit", class_name=class_name,
                        disabled=_not_ready_or(busy), aria_busy=rx.cond(busy, "true", "false"))
