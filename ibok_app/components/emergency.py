"""The 24/7 emergency line (IBOK_EMERGENCY_PHONE, "994" by default): on Zgłoszenia,
the Panel and outage announcements."""
from __future__ import annotations

import reflex as rx

from ibok_app import strings
from ibok_app.config import settings


def emergency_line(class_name: str = "alert alert--warn emergency") -> rx.Component:
    phone = settings().company.emergency_phone
    return rx.el.p(strings.EMERGENCY, " ", rx.el.a(phone, href="tel:" + phone.replace(" ", "")),
                   class_name=class_name)
