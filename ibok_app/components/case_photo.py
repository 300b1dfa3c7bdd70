"""The photo of a case (a ticket or a complaint): the field of the form, and the
picture shown with the sent case. The state is any SessionState with PhotoDraft."""
from __future__ import annotations

import reflex as rx

from ibok_app.components.forms import photo_attached, photo_field, photo_upload
from ibok_app.strings import cases as txt


def case_photo_field(state: type, upload_id: str) -> rx.Component:
    """The drop zone uploads at once to state.upload_photo (the bytes go to
    services/common/photos.store_photo, never to Reflex's public upload folder)."""
    zone = photo_upload(upload_id, button_label=txt.PHOTO_CHOOSE, input_label=txt.F_PHOTO,
                        on_drop=state.upload_photo, on_drop_rejected=state.photo_rejected,
                        class_name="photo-drop")
    return photo_field(txt.F_PHOTO, txt.F_PHOTO_HINT, zone, state.errors.get("photo", "").to(str),
                       photo_attached(txt.PHOTO_ATTACHED, state.photo_name, txt.PHOTO_REMOVE, state.remove_photo))


def case_photo(url: rx.Var, alt: str) -> rx.Component:
    """The sent photo as a thumbnail that opens full size (an authenticated route)."""
    return rx.el.a(
        rx.el.img(src=url, alt=alt, class_name="ticket-photo"),
        rx.el.span(txt.PHOTO_OPEN, class_name="sr-only"),
        href=url, target="_blank", rel="noopener",
    )
