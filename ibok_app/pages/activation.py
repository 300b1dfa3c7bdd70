"""/aktywacja?token=… — the link from the activation e-mail."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.layout import loading_guard, public_page
from ibok_app.state.activation import ActivationState


@rx.page(route=routes.ACTIVATE, title=f"{strings.ACTIVATION_TITLE} — IBOK", on_load=ActivationState.load)
def activation_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.ACTIVATION_TITLE),
        loading_guard(
            ActivationState.loaded,
            rx.el.div(ActivationState.message, role="status",
                      class_name=rx.cond(ActivationState.ok, "alert alert--ok", "alert alert--error")),
            rx.el.p(rx.el.a(rx.cond(ActivationState.ok, "Przejdź do logowania", strings.BACK_TO_LOGIN),
                            href=routes.LOGIN, class_name="btn")),
        ),
        narrow=True,
    )
