"""/regulamin: public, printable without the site's chrome, downloadable as a PDF
with correct Polish characters."""
from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from browser_helpers import goto


def test_terms_readable_printable_and_downloadable(portal, page):
    goto(page, f"{portal.url}/regulamin")
    expect(page.get_by_text("Nie pamiętam hasła", exact=False).first).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Drukuj")).to_be_hidden()
    expect(page.locator(".terms")).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(open(download.path(), "rb").read())).pages)
    for phrase in ("Przedsiębiorstwa Usług Komunalnych", "Kożuchowie", "Zgłoszenia odczytu wodomierza"):
        assert phrase in text.replace("\n", " ")
