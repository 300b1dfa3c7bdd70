"""Page frames: the public zone and the customer zone share header, footer and a
skip link; the customer zone adds its navigation and "Wyloguj".

Below 960 px the navigation folds behind a "Menu" button (a real button with
aria-expanded, so keyboards and screen readers use it like any disclosure). After
client-side navigation, focus moves to the page's <main>, so Tab starts in the
content (a first page load leaves focus where the browser put it)."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.config import settings
from ibok_app.state.navigation import NavState
from ibok_app.state.session import SIGNED_IN_KEY, SessionState

# After client-side navigation (not on the document's first load), focus the new
# page's content, so Tab starts there and a screen reader reads the new page; the
# new page is shown, so the menu's "on the way" mark (PENDING_NAV) goes.
FOCUS_CONTENT = ("(() => { if (window.__ibokShown) { const m = document.getElementById('tresc'); "
                 "if (m) m.focus(); } window.__ibokShown = true; "
                 "if (window.__ibokNavDone) window.__ibokNavDone(); })()")

# Immediate feedback on a menu click: on a slow connection the next page's code takes
# a moment to arrive, and until then nothing moved. The clicked item is marked at once
# (data-pending) and a bar runs along the header's foot (html.ibok-przechodzi) until
# the new page is shown (FOCUS_CONTENT), or for 20 s at most.
NAV_PENDING_CLASS = "ibok-przechodzi"
PENDING_NAV = (
    "(() => { let timer; const done = () => { clearTimeout(timer); "
    f"document.documentElement.classList.remove('{NAV_PENDING_CLASS}'); "
    "document.querySelectorAll('header nav a[data-pending]').forEach((a) => a.removeAttribute('data-pending')); }; "
    "window.__ibokNavDone = done; window.addEventListener('pageshow', done); "
    "document.addEventListener('click', (e) => { const a = e.target.closest && e.target.closest('header nav a[href]'); "
    "if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey "
    "|| a.getAttribute('aria-current') === 'page') return; done(); a.setAttribute('data-pending', ''); "
    f"document.documentElement.classList.add('{NAV_PENDING_CLASS}'); timer = setTimeout(done, 20000); }}, true); }})()"
)

# Before the app has connected, a public page cannot know who is there; a browser that
# was signed in marks <html> so the CSS hides the visitor's menu until the server has
# answered (SessionState.peek) instead of showing "Zaloguj się" and then flipping.
SIGNED_IN_CLASS = "ibok-zalogowany"
SIGNED_IN_HINT = (f"try {{ if (localStorage.getItem('{SIGNED_IN_KEY}') === '1') "
                  f"document.documentElement.classList.add('{SIGNED_IN_CLASS}'); }} catch (e) {{}}")


def signed_in_hint() -> rx.Component:
    """For the document's <head> (ibok_app.py), so it runs before the first paint."""
    return rx.el.script(SIGNED_IN_HINT)  # a plain <script> in the built HTML (rx.script waits for Helmet)


def pending_nav_hint() -> rx.Component:
    """For the document's <head> (ibok_app.py): marks a menu click at once (PENDING_NAV)."""
    return rx.el.script(PENDING_NAV)


def _brand() -> rx.Component:
    company = settings().company
    return rx.el.a(
        rx.el.span(f"{strings.APP_SHORT} {company.short_name}"),
        rx.el.small(strings.APP_NAME),
        href=routes.HOME, class_name="brand",
    )


def nav_link(label: str, path: str, home: str = "/") -> rx.Component:
    """A menu item; a detail page (/faktury/123) belongs to its list's item (`home`,
    the zone's start page, only to itself)."""
    page_path = rx.State.router.page.path
    current = (page_path == path) | (page_path.startswith(path + "/") & (path != home))
    return rx.el.li(rx.el.a(label, href=path, aria_current=rx.cond(current, "page", None),
                            on_click=NavState.close_menu))



def folding_menu(items: list[rx.Component], label: str) -> rx.Component:
    """The navigation list, folded behind "Menu" on narrow screens (the customer zone's
    header and the back office's use the same one)."""
    return rx.el.nav(
        rx.el.button(strings.NAV_MENU, type="button", class_name="nav-toggle",
                     aria_expanded=rx.cond(NavState.menu_open, "true", "false"), aria_controls="nawigacja",
                     on_click=NavState.toggle_menu),
        rx.el.ul(*items, class_name=rx.cond(NavState.menu_open, "nav nav--open", "nav"), id="nawigacja"),
        aria_label=label,
    )


def _public_nav() -> rx.Component:
    return folding_menu([
        nav_link(strings.NAV_TERMS, routes.TERMS),
        nav_link(strings.NAV_LOGIN, routes.LOGIN),
        nav_link(strings.NAV_REGISTER, routes.REGISTER),
    ], strings.NAV_LABEL_PUBLIC)


def _customer_nav() -> rx.Component:
    return folding_menu([
        *[nav_link(label, path) for label, path in routes.CUSTOMER_NAV],
        rx.el.li(rx.el.button(strings.NAV_LOGOUT, type="button", class_name="nav__logout",
                              on_click=SessionState.logout)),
    ], strings.NAV_LABEL_CUSTOMER)


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


def _frame(nav: rx.Component, *children: rx.Component, narrow: bool, auth: rx.Var | str = "known") -> rx.Component:
    return rx.el.div(
        rx.el.a(strings.SKIP_TO_CONTENT, href="#tresc", class_name="skip-link"),
        rx.el.header(rx.el.div(_brand(), nav, class_name="site-header__inner"), class_name="site-header",
                     data_auth=auth),
        rx.el.main(rx.el.div(*children, class_name="narrow" if narrow else ""), id="tresc", tab_index=-1,
                   # tests (and scripts) wait for this before interacting
                   data_hydrated=rx.cond(rx.State.is_hydrated, "1", "0"),
                   on_mount=rx.call_script(FOCUS_CONTENT)),
        _footer(),
        class_name="page",
    )


def public_page(*children: rx.Component, narrow: bool = False) -> rx.Component:
    """A public page; a logged-in customer sees their own header (Panel, Wyloguj) on it.
    Its on_load must include SessionState.peek for that (see pages/home.py)."""
    return _frame(rx.cond(SessionState.logged_in, _customer_nav(), _public_nav()), *children, narrow=narrow,
                  auth=rx.cond(SessionState.peeked, "known", "unknown"))


def visitor_or_customer(visitor: rx.Component, customer: rx.Component) -> rx.Component:
    """Content of a public page that differs for a signed-in customer. Like the header's
    menu, it stays hidden in a browser that was signed in until the server has answered
    (SessionState.peek in the page's on_load), so it never flips after the first paint."""
    return rx.el.div(rx.cond(SessionState.logged_in, customer, visitor), class_name="auth-aware",
                     data_auth=rx.cond(SessionState.peeked, "known", "unknown"))


def customer_page(*children: rx.Component, narrow: bool = False) -> rx.Component:
    return _frame(_customer_nav(), *children, narrow=narrow)


def skeleton() -> rx.Component:
    """Grey blocks in the shape of a page while its data loads (the footer stays put)."""
    bar = lambda width: rx.el.div(class_name="skeleton__bar", style={"width": width})  # noqa: E731
    return rx.el.div(
        rx.el.span(strings.LOADING, class_name="sr-only"),
        rx.el.div(rx.el.div(bar("40%"), bar("70%"), bar("55%"), class_name="skeleton__card"),
                  rx.el.div(bar("35%"), bar("60%"), bar("45%"), class_name="skeleton__card"),
                  class_name="cards"),
        rx.el.div(bar("90%"), bar("80%"), bar("85%"), bar("60%"), class_name="skeleton__card"),
        class_name="loading skeleton", role="status", aria_busy="true",
    )


def loading_guard(loaded: rx.Var, *children: rx.Component) -> rx.Component:
    """The page's skeleton until its data (and the session check) is in."""
    return rx.cond(loaded, rx.fragment(*children), skeleton())
