"""The one reading of the terms' text: sections with anchors and titles for the page's
table of contents (the PDF uses the same blocks)."""
from ibok_app.config import DATA_DIR
from ibok_app.views.terms import sections


def test_the_shipped_terms_have_ten_sections_with_titles_and_anchors():
    preamble, found = sections((DATA_DIR / "regulamin-v1.txt").read_text(encoding="utf-8"))
    assert [s.anchor for s in found] == [f"par-{n}" for n in range(1, 11)]
    assert found[3].heading == "§ 4 Rejestracja"
    assert found[1].heading == "§ 2"  # its first line ends with ":", so it is text, not a title
    assert found[1].blocks[0].text.startswith("Użyte w Regulaminie")
    assert preamble[0].text == "Regulamin Internetowego Biura Obsługi Klienta"
    assert all(b.kind in ("item", "text") for s in found for b in s.blocks)


def test_items_and_sub_items_keep_their_markers_and_levels():
    _, found = sections("§ 3\nWymagania\n • Przeglądarki:\n  • a. Firefox,\n   b. Chrome.\nKoniec")
    (section,) = found
    assert section.heading == "§ 3 Wymagania"
    assert [(b.kind, b.marker, b.level, b.text) for b in section.blocks] == [
        ("item", "•", 1, "Przeglądarki:"), ("item", "a.", 2, "Firefox,"), ("item", "b.", 2, "Chrome."),
        ("text", "", 0, "Koniec")]


def test_text_without_sections_and_garbage_never_fail():
    assert sections("") == ([], [])
    preamble, found = sections("Tylko tekst\n\x00\x07§\n§ 12a.\nTytuł")
    assert [b.text for b in preamble] == ["Tylko tekst", "§"]
    assert [(s.anchor, s.heading) for s in found] == [("par-12", "§ 12a Tytuł")]
