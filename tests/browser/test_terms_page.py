"""/regulamin: public, printable without the site's chrome, downloadable as a PDF
with correct Polish characters."""
from __future__ import annotations

import io

from browser_helpers import goto
from playwright.sync_api import expect
from pypdf import PdfReader

from ibok_app.services.accounts import terms


def test_terms_readable_printable_and_downloadable(portal, page):
    with portal.session() as s:  # another test may have published a newer version
        current = terms.current_terms(s)
    phrase = next(line.strip(" •") for line in current.body.splitlines() if len(line.strip()) > 25)
    goto(page, f"{portal.url}/regulamin")
    expect(page.get_by_text(f"Wersja {current.version}", exact=False)).to_be_visible()
    expect(page.locator(".terms")).to_contain_text(phrase)

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
    flat = " ".join(text.split())
    assert " ".join(phrase.split()) in flat
    assert "Przedsiębiorstwo Usług Komunalnych" in flat  # the company footer, Polish letters intact
    assert f"Wersja {current.version}" in flat
