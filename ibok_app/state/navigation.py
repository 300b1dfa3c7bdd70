"""The header's "Menu" on narrow screens: open or folded. Not a customer-zone state
(it holds nothing of anyone's)."""
from __future__ import annotations

import reflex as rx


class NavState(rx.State):
    menu_open: bool = False

    @rx.event
    def toggle_menu(self):
        self.menu_open = not self.menu_open

    @rx.event
    def close_menu(self):
        self.menu_open = False
