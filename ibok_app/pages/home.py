"""/ — the public zone: what IBOK offers and where to start."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.layout import public_page
from ibok_app.config import settings
from ibok_app.state.session import SessionState

SERVICES = [  # §9 of the terms
    "zgłoszenie odczytu wodomierza i historia odczytów",
    "historia płatności i saldo rozliczeń na dzień bieżący",
    "umowy i aneksy",
    "faktury, faktury korygujące i noty",
    "płatności internetowe",
    "zgłoszenia eksploatacyjne i reklamacje",
]


@rx.page(route=routes.HOME, title=f"{strings.APP_SHORT} {settings().company.short_name} — {strings.HOME_TITLE}",
         on_load=SessionState.peek)
def home_page() -> rx.Component:
    return public_page(
        rx.el.img(src=routes.LOGO, alt=strings.LOGO_ALT.format(name=settings().company.short_name),
                  class_name="home-logo", width=240, height=80),
        rx.el.h1(strings.HOME_TITLE),
        rx.el.p(strings.HOME_LEAD, class_name="lead"),
        rx.el.div(
            rx.el.section(
                rx.el.h2("Masz już konto?"),
                rx.el.p("Zaloguj się numerem klienta i hasłem."),
                rx.el.a(strings.LOGIN_BUTTON, " się", href=routes.LOGIN, class_name="btn"),
                class_name="card",
            ),
            rx.el.section(
                rx.el.h2("Pierwszy raz w IBOK?"),
                rx.el.p("Przygotuj jedną z ostatnich faktur: numer klienta, numer faktury i kwotę brutto."),
                rx.el.a(strings.REGISTER_LINK, href=routes.REGISTER, class_name="btn btn--secondary"),
                class_name="card",
            ),
            class_name="cards",
        ),
        rx.el.h2("Co możesz zrobić w IBOK"),
        rx.el.ul(*[rx.el.li(item) for item in SERVICES]),
        rx.el.p("Korzystanie z IBOK jest bezpłatne. Zasady opisuje ",
                rx.el.a("regulamin", href=routes.TERMS), "."),
    )
