"""Photos of the meter register attached to a reading.

Stored under settings().files_dir / "photos" / <customer id> / <random token>.<ext>:
outside Reflex's public upload folder, under names nobody can guess, and in a
folder per customer so that a reading can only point at its own customer's photo
(and erasing a customer's files is one folder). Served only through open_photo,
which answers None (the route: 404) for anything not the caller's.

The type is decided by the content, never by the file name: JPEG or PNG magic
bytes, then Pillow must decode the image (a renamed text file or a truncated image
is refused). What is stored is not the upload but the decoded pixels saved again
(turned upright first): phone photos carry EXIF with the GPS position and the
device, and PNGs text chunks; none of that is kept.

A photo removed from the form (or replaced) before the reading or ticket is sent
is deleted again by discard_photo, unless a saved row already points at it.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import MeterReading, Ticket
from ibok_app.services.common.inputs import parse_id

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 50 Mpx phone camera passes; decompression bombs do not
JPEG_QUALITY = 85  # a meter register stays legible; the file shrinks

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
_PATH_RE = re.compile(r"photos/(?P<customer>[1-9]\d{0,17})/[A-Za-z0-9_-]{32}\.(?P<ext>jpg|png)")


@dataclass(frozen=True)
class PhotoRejected:
    message: str  # Polish, for the form


def _sniff(data: bytes) -> str | None:
    if data.startswith(_JPEG_MAGIC):
        return "jpg"
    if data.startswith(_PNG_MAGIC):
        return "png"
    return None


# Pillow reports JPEGs with extra pictures (depth or gain maps of many phones) as MPO
_FORMATS = {"jpg": ("JPEG", "MPO"), "png": ("PNG",)}
_UNREADABLE = "Nie udało się odczytać zdjęcia. Plik jest uszkodzony albo nie jest zdjęciem JPEG ani PNG."


def _without_metadata(img, ext: str) -> bytes:
    """The image saved again as `ext` from its pixels only, turned as the camera meant it."""
    from PIL import ImageOps

    try:
        clean = ImageOps.exif_transpose(img)  # a copy; the orientation tag is about to be lost
    except Exception:  # noqa: BLE001 - broken EXIF must not cost the customer the photo
        clean = img.copy()
    keep = {"transparency": clean.info["transparency"]} if ext == "png" and "transparency" in clean.info else {}
    clean.info = keep  # Pillow re-writes a JPEG comment or PNG ICC profile found in info
    out = io.BytesIO()
    if ext == "jpg":
        if clean.mode not in ("L", "RGB", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(out, format="PNG")  # lossless; optimize=True would cost seconds on a large photo
    return out.getvalue()


def _reencoded(data: bytes, ext: str) -> bytes | PhotoRejected:
    """The photo without metadata when Pillow decodes all of it as the sniffed type, else why not."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format not in _FORMATS[ext]:
                    return PhotoRejected("Plik nie jest poprawnym zdjęciem JPEG ani PNG.")
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return PhotoRejected("Zdjęcie ma zbyt dużą rozdzielczość.")
                img.load()  # decodes every pixel: truncated or corrupt data fails here
                return _without_metadata(img, ext)
    except Exception:  # Pillow raises many types for bad input; none may escape
        return PhotoRejected(_UNREADABLE)


def store_photo(data: bytes, *, customer_id: int) -> str | PhotoRejected:
    """Check and store a photo; the path relative to files_dir, or why it was refused."""
    if not isinstance(data, (bytes, bytearray)) or not data:
        return PhotoRejected("Nie przesłano zdjęcia.")
    if len(data) > MAX_PHOTO_BYTES:
        return PhotoRejected("Zdjęcie jest za duże: dopuszczalny rozmiar to 5 MB.")
    ext = _sniff(bytes(data[:8]))
    if ext is None:
        return PhotoRejected("Dozwolone są tylko zdjęcia w formacie JPEG lub PNG.")
    clean = _reencoded(bytes(data), ext)
    if isinstance(clean, PhotoRejected):
        return clean
    relative = f"photos/{int(customer_id)}/{secrets.token_urlsafe(24)}.{ext}"
    target = settings().files_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never overwrite; 0600: the files are nobody's business but the app's
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(clean)
    return relative


def _resolve(relative: object, customer_id: int) -> Path | None:
    """The file of a stored photo path of this customer; None for anything else."""
    if not isinstance(relative, str):
        return None
    m = _PATH_RE.fullmatch(relative)
    if not m or int(m["customer"]) != customer_id:
        return None
    path = settings().files_dir / relative
    return path if path.is_file() else None


def is_own_photo(relative: object, customer_id: int) -> bool:
    """Whether a path sent back by the browser is a photo this customer uploaded."""
    return _resolve(relative, customer_id) is not None


def discard_photo(session: Session, relative: object, *, customer_id: int) -> bool:
    """Delete a photo this customer uploaded but did not send (removed from the form or
    replaced); True when a file was deleted. A photo a saved reading or ticket points
    at stays, and so does anything that is not this customer's photo."""
    path = _resolve(relative, customer_id)
    if path is None:
        return False
    for model in (MeterReading, Ticket):
        if session.exec(select(model.id).where(model.photo_path == relative)).first() is not None:
            return False
    try:
        path.unlink()
    except OSError:  # already gone, or the disk refuses: nothing to tell the customer
        return False
    return True


def open_photo(session: Session, customer_id: int, reading_id: object) -> tuple[bytes, str] | None:
    """(bytes, content type) of the photo of the caller's own reading; None otherwise."""
    rid = parse_id(reading_id)
    if rid is None:
        return None
    relative = session.exec(
        select(MeterReading.photo_path)
        .where(MeterReading.id == rid, MeterReading.customer_id == customer_id)
    ).first()
    path = _resolve(relative, customer_id)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    ext = _sniff(data[:8])
    return (data, CONTENT_TYPES[ext]) if ext else None
