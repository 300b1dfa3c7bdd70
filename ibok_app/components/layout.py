"""Page frames: the public zone and the customer zone share header, footer and a
skip link; the customer zone adds its navigation and "Wyloguj"."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.config import settings
from ibok_app.state.session import SessionState


def _brand() -> rx.Component:
    company = settings().company
    return rx.el.a(
        rx.el.span(f"{strings.APP_SHORT} {company.short_name}"),
        rx.el.small(strings.APP_NAME),
        href=routes.HOME, class_name="brand",
    )


def _nav_link(label: str, path: str) -> rx.Component:
    # a detail page (/faktury/123) belongs to its list's menu item
    page_path = rx.State.router.page.path
    current = (page_path == path) | (page_path.startswith(path + "/") & (path != "/"))
    return rx.el.li(rx.el.a(label, href=path, aria_current=rx.cond(current, "page", None)))


def _public_nav() -> rx.Component:
    return rx.el.nav(
        rx.el.ul(
            _nav_link(strings.NAV_TERMS, routes.TERMS),
            rx.cond(
                SessionState.logged_in,
                _nav_link(strings.NAV_PANEL, routes.PANEL),
                rx.fragment(
                    _nav_link(strings.NAV_LOGIN, routes.LOGIN),
                    _nav_link(strings.NAV_REGISTER, routes.REGISTER),
                ),
            ),
            class_name="nav",
        ),
        aria_label=strings.NAV_LABEL_PUBLIC,
    )


def _customer_nav() -> rx.Component:
    return rx.el.nav(
        rx.el.ul(
            *[_nav_link(label, path) for label, path in routes.CUSTOMER_NAV],
            rx.el.li(rx.el.button(strings.NAV_LOGOUT, type="button", class_name="nav__logout",
                                  on_click=SessionState.logout)),
            class_name="nav",
        ),
        aria_label=strings.NAV_LABEL_CUSTOMER,
    )


def _footer() -> rx.Component:
    c = settings().company
    return rx.el.footer(
        rx.el.div(
            rx.el.p(c.name),
            rx.el.p(c.address),
            rx.el.p(f"tel. {c.phone}, ", rx.el.a(c.email, href=f"mailto:{c.email}")),
            rx.el.p(rx.el.a(strings.NAV_TERMS, href=routes.TERMS)),
            class_name="site-footer__inner",
        ),
        class_name="site-footer",
    )


def _frame(nav: rx.Component, *children: rx.Component, narrow: bool) -> rx.Component:
    return rx.el.div(
        rx.el.a(strings.SKIP_TO_CONTENT, href="#tresc", class_name="skip-link"),
        rx.el.header(rx.el.div(_brand(), nav, class_name="site-header__inner"), class_name="site-header"),
        rx.el.main(rx.el.div(*children, class_name="narrow" if narrow else ""), id="tresc", tab_index=-1,
                   # tests (and scripts) wait for this before interacting
                   data_hydrated=rx.cond(rx.State.is_hydrated, "1", "0")),
        _footer(),
        class_name="page",
    )


def public_page(*children: rx.Component, narrow: bool = False) -> rx.Component:
    return _frame(_public_nav(), *children, narrow=narrow)


def customer_page(*children: rx.Component, narrow: bool = False) -> rx.Component:
    return _frame(_customer_nav(), *children, narrow=narrow)


def loading_guard(loaded: rx.Var, *children: rx.Component) -> rx.Component:
    """Show a loading line until the page's data (and session check) is in."""
    return rx.cond(loaded, rx.fragment(*children),
                   rx.el.p(strings.LOADING, class_name="loading", role="status"))
