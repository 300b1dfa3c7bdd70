"""Meter photos: type decided by content, size limit, private storage, owner-only access,
metadata stripped, unsent photos deleted again."""
from __future__ import annotations

import io
from datetime import date

from PIL import ExifTags, Image, PngImagePlugin
from sqlmodel import select

from ibok_app.config import settings
from ibok_app.models import MeterReading
from ibok_app.services.cases.tickets import create_ticket
from ibok_app.services.common.photos import (
    PhotoRejected,
    discard_photo,
    is_own_photo,
    open_photo,
    store_photo,
)
from ibok_app.services.readings.submission import submit_reading
from tests.factories import readings as f

TODAY = date(2026, 4, 10)


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as img:
        return img.format, img.size, img.convert("RGB").tobytes()


def test_png_named_jpg_is_stored_as_png(db):
    # the browser's file name says ".jpg"; only the content counts
    uploaded = {"name": "licznik.jpg", "data": image_bytes("PNG")}
    path = store_photo(uploaded["data"], customer_id=7)
    assert isinstance(path, str) and path.startswith("photos/7/") and path.endswith(".png")
    stored = settings().files_dir / path
    assert pixels(stored.read_bytes()) == pixels(uploaded["data"])  # PNG: re-saved without loss
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

    stored = (settings().files_dir / path).read_bytes()
    assert stored.startswith(b"\xff\xd8\xff")
    assert open_photo(session, owner.id, r.reading_id) == (stored, "image/jpeg")
    assert open_photo(session, owner.id, str(r.reading_id)) == (stored, "image/jpeg")
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


# ---- metadata ------------------------------------------------------------------

def phone_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TelefonMarki"
    exif[ExifTags.Base.Model] = "ModelXYZ-123"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 44.0, 36.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (15.0, 36.0, 0.0)
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    return exif


def test_jpeg_exif_with_gps_and_comment_is_not_kept(db):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buf, format="JPEG", exif=phone_exif(),
                                                     comment=b"ul. Lakowa 12")
    upload = buf.getvalue()
    with Image.open(io.BytesIO(upload)) as img:  # the test's photo really carries all of it
        assert img.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert b"TelefonMarki" in upload and b"Lakowa" in upload

    path = store_photo(upload, customer_id=7)
    assert isinstance(path, str) and path.endswith(".jpg")
    stored = (settings().files_dir / path).read_bytes()
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (40, 30)
        assert dict(img.getexif()) == {} and "exif" not in img.info and "comment" not in img.info
    for secret in (b"Exif", b"TelefonMarki", b"ModelXYZ", b"Lakowa"):
        assert secret not in stored


def test_rotated_jpeg_is_stored_upright(db):
    # a phone held upright stores landscape pixels plus "rotate 90° clockwise" (orientation 6)
    landscape = Image.new("RGB", (40, 30), (0, 0, 255))
    landscape.paste((255, 0, 0), (0, 0, 20, 30))  # left half red
    buf = io.BytesIO()
    landscape.save(buf, format="JPEG", quality=95, exif=phone_exif(orientation=6))

    path = store_photo(buf.getvalue(), customer_id=7)
    with Image.open(settings().files_dir / path) as img:
        assert img.size == (30, 40)  # portrait now, as the customer saw it
        assert ExifTags.Base.Orientation not in img.getexif()
        rgb = img.convert("RGB")
        top, bottom = rgb.getpixel((15, 5)), rgb.getpixel((15, 35))
    assert top[0] > 200 and top[2] < 60  # the red left edge is now at the top
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_text_chunks_and_exif_are_not_kept(db):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Kowalski")
    info.add_itxt("Comment", "Łąkowa 12, Kożuchów")
    buf = io.BytesIO()
    Image.new("RGBA", (20, 10), (10, 200, 10, 128)).save(buf, format="PNG", pnginfo=info, exif=phone_exif())
    upload = buf.getvalue()
    assert b"Jan Kowalski" in upload and b"TelefonMarki" in upload

    path = store_photo(upload, customer_id=7)
    stored = (settings().files_dir / path).read_bytes()
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "PNG" and img.mode == "RGBA" and img.text == {}
        assert dict(img.getexif()) == {}
        assert img.getpixel((3, 3)) == (10, 200, 10, 128)
    for secret in (b"Jan Kowalski", b"TelefonMarki", b"tEXt", b"iTXt", b"eXIf"):
        assert secret not in stored


def test_multi_picture_jpeg_from_a_phone_is_accepted_as_one_jpeg(db):
    # many phones add a depth or gain map: Pillow reads such a JPEG as "MPO"
    buf = io.BytesIO()
    first, extra = Image.new("RGB", (40, 30), (200, 10, 10)), Image.new("RGB", (40, 30), (0, 0, 0))
    first.save(buf, format="MPO", save_all=True, append_images=[extra], exif=phone_exif())
    path = store_photo(buf.getvalue(), customer_id=7)
    assert isinstance(path, str) and path.endswith(".jpg"), path
    with Image.open(settings().files_dir / path) as img:
        assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1 and dict(img.getexif()) == {}


# ---- photos removed before sending -------------------------------------------

def test_discard_deletes_only_the_customers_unsent_photo(session):
    owner, _sp, _m = f.household(session)
    stranger, _sp2, _m2 = f.household(session)
    unsent = store_photo(image_bytes("JPEG"), customer_id=owner.id)
    theirs = store_photo(image_bytes("PNG"), customer_id=stranger.id)

    # someone else's photo, sent back by a tampered browser, stays
    assert discard_photo(session, theirs, customer_id=owner.id) is False
    assert (settings().files_dir / theirs).is_file()
    # and so does anything that is not a stored photo path
    outside = settings().var_dir / "keep.png"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes(b"x")
    for junk in (None, "", 42, {"p": unsent}, "../keep.png", f"photos/{owner.id}/../../keep.png", "/etc/passwd"):
        assert discard_photo(session, junk, customer_id=owner.id) is False, junk
    assert outside.is_file()

    assert discard_photo(session, unsent, customer_id=owner.id) is True
    assert not (settings().files_dir / unsent).exists()
    assert discard_photo(session, unsent, customer_id=owner.id) is False  # already gone
    assert (settings().files_dir / theirs).is_file()


def test_discard_keeps_a_photo_a_saved_reading_or_ticket_points_at(session):
    owner, sp, m = f.household(session)
    on_reading = store_photo(image_bytes("JPEG"), customer_id=owner.id)
    r = submit_reading(session, owner.id, m.id, "12", "2026-04-01", today=TODAY, photo_path=on_reading)
    assert r.ok, r.field_errors
    on_ticket = store_photo(image_bytes("PNG"), customer_id=owner.id)
    t = create_ticket(session, owner.id, category="leak", service_point_id=str(sp.id),
                      description="Przecieka zawór przed wodomierzem.", contact_phone="", photo_path=on_ticket)
    assert t.ok, t.field_errors

    assert discard_photo(session, on_reading, customer_id=owner.id) is False
    assert discard_photo(session, on_ticket, customer_id=owner.id) is False
    assert (settings().files_dir / on_reading).is_file() and (settings().files_dir / on_ticket).is_file()
    assert open_photo(session, owner.id, r.reading_id) is not None
