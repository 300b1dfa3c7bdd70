"""Meter photos: type decided by content, size limit, private storage, owner-only access."""
from __future__ import annotations

import io
from datetime import date

from PIL import Image
from sqlmodel import select

from ibok_app.config import settings
from ibok_app.models import MeterReading
from ibok_app.services.meter_photos import PhotoRejected, is_own_photo, open_photo, store_photo
from ibok_app.services.readings import submit_reading
from tests import factories_readings as f

TODAY = date(2026, 4, 10)


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


def test_png_named_jpg_is_stored_as_png(db):
    # the browser's file name says ".jpg"; only the content counts
    uploaded = {"name": "licznik.jpg", "data": image_bytes("PNG")}
    path = store_photo(uploaded["data"], customer_id=7)
    assert isinstance(path, str) and path.startswith("photos/7/") and path.endswith(".png")
    stored = settings().files_dir / path
    assert stored.read_bytes() == uploaded["data"]
    assert stored.stat().st_mode & 0o077 == 0
    assert "_upload" not in str(stored) and "assets" not in str(stored)


def test_jpeg_accepted_with_unguessable_name(db):
    a = store_photo(image_bytes("JPEG"), customer_id=7)
    b = store_photo(image_bytes("JPEG"), customer_id=7)
    assert a.endswith(".jpg") and b.endswith(".jpg") and a != b
    assert len(a.rsplit("/", 1)[1]) == 32 + 4


def test_text_file_named_jpg_refused(db):
    r = store_photo(b"To nie jest zdjecie, tylko tekst.\n" * 10, customer_id=7)
    assert isinstance(r, PhotoRejected) and "JPEG" in r.message


def test_other_image_types_and_empty_refused(db):
    assert isinstance(store_photo(image_bytes("GIF"), customer_id=7), PhotoRejected)
    assert isinstance(store_photo(b"", customer_id=7), PhotoRejected)
    assert isinstance(store_photo("not bytes", customer_id=7), PhotoRejected)


def test_corrupt_image_with_right_magic_refused(db):
    png = image_bytes("PNG", size=(400, 300))
    assert isinstance(store_photo(png[: len(png) // 2], customer_id=7), PhotoRejected)
    assert isinstance(store_photo(b"\xff\xd8\xff" + b"\x00" * 500, customer_id=7), PhotoRejected)


def test_six_megabytes_refused_and_nothing_stored(db):
    big = image_bytes("PNG") + b"\x00" * (6 * 1024 * 1024)
    r = store_photo(big, customer_id=8)
    assert isinstance(r, PhotoRejected) and "5 MB" in r.message
    assert not (settings().files_dir / "photos" / "8").exists()


def test_open_photo_only_for_owner(session):
    owner, _sp, m = f.household(session)
    stranger, _sp2, m2 = f.household(session)
    data = image_bytes("JPEG")
    path = store_photo(data, customer_id=owner.id)
    r = submit_reading(session, owner.id, m.id, "12", "2026-04-01", today=TODAY, photo_path=path)
    assert r.ok, r.field_errors
    no_photo = f.reading(session, m2, stranger, date(2026, 4, 1), 1)

    assert open_photo(session, owner.id, r.reading_id) == (data, "image/jpeg")
    assert open_photo(session, owner.id, str(r.reading_id)) == (data, "image/jpeg")
    assert open_photo(session, stranger.id, r.reading_id) is None
    assert open_photo(session, stranger.id, no_photo.id) is None
    for garbage in (None, "abc", -1, 10**30, {"id": 1}, True):
        assert open_photo(session, owner.id, garbage) is None


def test_reading_cannot_point_at_someone_elses_or_arbitrary_file(session):
    owner, _sp, m = f.household(session)
    stranger, _sp2, m2 = f.household(session)
    theirs = store_photo(image_bytes("PNG"), customer_id=owner.id)
    for path in (theirs, "../secret_key", f"photos/{stranger.id}/../{owner.id}/x.png", "/etc/passwd",
                 f"photos/{stranger.id}/" + "A" * 32 + ".png"):
        r = submit_reading(session, stranger.id, m2.id, "1", "2026-04-01", today=TODAY, photo_path=path)
        assert not r.ok and "photo" in r.field_errors, path
    assert session.exec(select(MeterReading)).all() == []
    assert is_own_photo(theirs, owner.id) and not is_own_photo(theirs, stranger.id)


def test_open_photo_refuses_tampered_row(session):
    """Even a row pointing outside the photo folder is never read."""
    owner, _sp, m = f.household(session)
    leak = settings().var_dir / "leak.png"
    leak.parent.mkdir(parents=True, exist_ok=True)
    leak.write_bytes(image_bytes("PNG"))
    row = f.reading(session, m, owner, date(2026, 4, 1), 1, photo_path="../leak.png")
    assert open_photo(session, owner.id, row.id) is None
