"""The back office's frame (/admin): its own header (who is signed in, in which role,
"Wyloguj") and navigation, the same skip link, main landmark and footer as the
customer zone, so keyboards and screen readers find their way alike."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.layout import FOCUS_CONTENT, folding_menu, nav_link
from ibok_app.services.staff import roles
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt

# (label, path, roles that see the link) of the desk's pages, in menu order. The link
# is only a convenience: each page's state checks the role itself.
STAFF_NAV: list[tuple[str, str, frozenset]] = [
    (txt.NAV_DESK, routes.STAFF_HOME, roles.READ),
    (txt.NAV_CUSTOMERS, routes.STAFF_CUSTOMERS, roles.READ),
    (txt.NAV_READINGS, routes.STAFF_READINGS, roles.READ),
    (txt.NAV_TICKETS, routes.STAFF_TICKETS, roles.READ),
    (txt.NAV_COMPLAINTS, routes.STAFF_COMPLAINTS, roles.READ),
    (txt.FOLLOW_TITLE, routes.STAFF_FOLLOW_UP, roles.READ),
    (txt.NAV_AUDIT, routes.STAFF_AUDIT, roles.AUDIT),
    (txt.NAV_STAFF, routes.STAFF_ACCOUNTS, roles.ADMIN),
]


def _role_in(allowed: frozenset) -> rx.Var:
    role = StaffSessionState.staff_role
    condition = None
    for r in sorted(allowed):
        test = role == str(r)
        condition = test if condition is None else (condition | test)
    return condition


def _brand() -> rx.Component:
    return rx.el.a(rx.el.span(txt.APP_TITLE), href=routes.STAFF_HOME, class_name="brand")


def _nav() -> rx.Component:
    """The desk's menu, folded behind "Menu" below 960 px like the customer zone's."""
    items = [rx.cond(_role_in(allowed), nav_link(label, path, home=routes.STAFF_HOME))
             for label, path, allowed in STAFF_NAV]
    return folding_menu([
        *items,
        nav_link(txt.NAV_PASSWORD, routes.STAFF_PASSWORD, home=routes.STAFF_HOME),
        rx.el.li(rx.el.button(txt.LOGOUT, type="button", class_name="nav__logout",
                              on_click=StaffSessionState.staff_logout)),
    ], txt.NAV_LABEL)


def _who() -> rx.Component:
    s = StaffSessionState
    return rx.cond(s.staff_signed_in,
                   rx.el.p(txt.SIGNED_IN_AS, " ", rx.el.strong(s.staff_name), " (", s.staff_role_label, ")",
                           class_name="staff-who"))


def _frame(header_extra: list[rx.Component], *children: rx.Component, narrow: bool) -> rx.Component:
    return rx.el.div(
        rx.el.a(strings.SKIP_TO_CONTENT, href="#tresc", class_name="skip-link"),
        rx.el.header(rx.el.div(_brand(), *header_extra, class_name="site-header__inner"),
                     class_name="site-header site-header--staff"),
        rx.el.main(rx.el.div(*children, class_name="narrow" if narrow else ""), id="tresc", tab_index=-1,
                   data_hydrated=rx.cond(rx.State.is_hydrated, "1", "0"),
                   on_mount=rx.call_script(FOCUS_CONTENT)),
        class_name="page",
    )


def staff_page(*children: rx.Component) -> rx.Component:
    """A page of the desk: staff header and navigation."""
    return _frame([_who(), _nav()], *children, narrow=False)


def staff_login_frame(*children: rx.Component) -> rx.Component:
    """The staff login page: the header without a menu."""
    return _frame([], *children, narrow=True)
