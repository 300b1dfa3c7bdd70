"""The header's "Menu" on narrow screens: open or folded. Not a customer-zone state
(it holds nothing of anyone's). And the address's #anchor on a page whose content
arrives after the browser has looked for it."""
from __future__ import annotations

import reflex as rx

# The browser scrolls to a link's #anchor (/regulamin#par-5) when the document loads,
# before a page that reads its content from the server has drawn it: once the content
# is in, go to the anchor (and focus it, so Tab and a screen reader continue there).
# React draws the new content after this event's state, so wait for it a few frames.
_SHOW_ANCHOR = ("(() => { let id; try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; } "
                "if (!id) return; let tries = 0; const go = () => { const el = document.getElementById(id); "
                "if (el) { el.scrollIntoView(); if (el.tabIndex >= 0 || el.hasAttribute('tabindex')) "
                "el.focus({preventScroll: true}); } else if (tries++ < 60) requestAnimationFrame(go); }; "
                "requestAnimationFrame(go); })()")


def show_anchor():
    """The event a page's load yields once its content is in (see _SHOW_ANCHOR)."""
    return rx.call_script(_SHOW_ANCHOR)


class NavState(rx.State):
    menu_open: bool = False

    @rx.event
    def toggle_menu(self):
        self.menu_open = not self.menu_open

    @rx.event
    def close_menu(self):
        self.menu_open = False
