"""The photo a customer attaches to a form before sending it (a meter reading, a
ticket): one mixin for every page that has one.

The bytes go to services/common/photos.py at once (type checked by content,
re-encoded without metadata, stored outside Reflex's public upload folder); only
the stored path stays here, server-side. A new choice replaces the previous photo
at once, even when it is refused: what the form shows is always what will be sent.
"""
from __future__ import annotations

import asyncio
import logging

import reflex as rx

from ibok_app import strings
from ibok_app.services.common import photos
from ibok_app.state.base import discard_draft_photo

log = logging.getLogger("ibok")
NAME_LENGTH = 80


def shown_name(upload: object) -> str:
    """The file's own name, without any path the browser sent, for "Dołączono: …"."""
    name = getattr(upload, "filename", None) or getattr(upload, "name", None) or ""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:NAME_LENGTH] if isinstance(name, str) else ""


class PhotoDraft(rx.State, mixin=True):
    """Mixed into a SessionState subclass that has an `errors: dict[str, str]` var and
    defines `_photo_refused_text()` (the page's "only one JPEG or PNG" message)."""

    photo_name: str = ""
    photo_busy: bool = False
    _photo_path: str = ""

    def _photo_refused_text(self) -> str:
        return strings.GENERIC_ERROR

    def _photo_error(self, message: str | None) -> None:
        errors = {k: v for k, v in self.errors.items() if k != "photo"}
        self.errors = {**errors, "photo": message} if message else errors

    async def _drop_photo(self, customer_id: int) -> None:
        """Forget the photo not yet sent and delete its file."""
        path, self._photo_path, self.photo_name = self._photo_path, "", ""
        await discard_draft_photo(path, customer_id)

    def _photo_sent(self) -> None:
        """The form went out with the photo: it belongs to the saved record now."""
        self._photo_path, self.photo_name = "", ""

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self._photo_error(None)
        await self._drop_photo(ctx.customer_id)  # a new choice replaces the previous photo
        if not isinstance(files, list) or len(files) != 1:
            self._photo_error(self._photo_refused_text())
            return
        self.photo_busy = True
        yield
        try:
            # one byte over the limit is enough for store_photo to refuse it
            data = await files[0].read(photos.MAX_PHOTO_BYTES + 1)
            stored = await asyncio.to_thread(photos.store_photo, data, customer_id=ctx.customer_id)
        except Exception:  # disk or upload trouble: a polite message, never a crash
            log.exception("photo upload")
            stored = photos.PhotoRejected(strings.GENERIC_ERROR)
        self.photo_busy = False
        if isinstance(stored, photos.PhotoRejected):
            self._photo_error(stored.message)
            return
        self._photo_path, self.photo_name = stored, shown_name(files[0]) or "zdjęcie"

    @rx.event
    async def photo_rejected(self, rejected: list):
        """The browser refused the file before sending it (type, size or count)."""
        _ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        self._photo_error(self._photo_refused_text())

    @rx.event
    async def remove_photo(self):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        await self._drop_photo(ctx.customer_id)
        self._photo_error(None)
