"""/ — the public zone: what IBOK offers and where to start."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.layout import public_page, visitor_or_customer
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


def _cards(first: tuple[str, str, str, str], second: tuple[str, str, str, str]) -> rx.Component:
    """Two cards side by side (heading, text, button label, link): the first the main way on."""
    return rx.el.div(
        *[rx.el.section(rx.el.h2(heading), rx.el.p(text), rx.el.a(label, href=href, class_name=style),
                        class_name="card")
          for (heading, text, label, href), style in ((first, "btn"), (second, "btn btn--secondary"))],
        class_name="cards",
    )


@rx.page(route=routes.HOME, title=f"{strings.APP_SHORT} {settings().company.short_name} — {strings.HOME_TITLE}",
         on_load=SessionState.peek)
def home_page() -> rx.Component:
    return public_page(
        rx.el.img(src=routes.LOGO, alt=strings.LOGO_ALT.format(name=settings().company.short_name),
                  class_name="home-logo", width=240, height=80),
        rx.el.h1(strings.HOME_TITLE),
        rx.el.p(strings.HOME_LEAD, class_name="lead"),
        visitor_or_customer(
            _cards((strings.HOME_ACCOUNT_HEADING, strings.HOME_ACCOUNT_TEXT, strings.LOGIN_BUTTON + " się", routes.LOGIN),
                   (strings.HOME_NEW_HEADING, strings.HOME_NEW_TEXT, strings.REGISTER_LINK, routes.REGISTER)),
            # a signed-in customer is not asked to log in or register again
            _cards((strings.HOME_SIGNED_IN_HEADING, strings.HOME_SIGNED_IN_TEXT, strings.HOME_SIGNED_IN_LINK, routes.PANEL),
                   (strings.HOME_READING_HEADING, strings.HOME_READING_TEXT, strings.SHORTCUT_READING, routes.READINGS)),
        ),
        rx.el.h2("Co możesz zrobić w IBOK"),
        rx.el.ul(*[rx.el.li(item) for item in SERVICES], class_name="home-services"),
        rx.el.p("Korzystanie z IBOK jest bezpłatne. Zasady opisuje ",
                rx.el.a("regulamin", href=routes.TERMS), "."),
    )
