"""A version of the terms of service, and the structure of its text: the one
reading of "§ N" sections, titles, items and sub-items, shared by the terms page
(headings, table of contents, anchors) and the PDF.

The body is plain text as staff publish it: "§ N" lines open a section, the line
after one (unless it ends with ":") is the section's title, " • " lines are items,
and deeper-indented "a." / "b." lines are sub-items. Nothing in the text can make
reading it fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TermsView:
    id: int
    version: int
    title: str
    body: str
    published_at: datetime


_SECTION = re.compile(r"^§\s*\d+[a-z]?\.?$")
_ENUM = re.compile(r"^(\d{1,2}[.)]|[a-zA-Z][.)])\s*(?=\S)")
_BULLET = "•"
# Control characters other than tab would end up as boxes (or worse) in the PDF.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Block:
    """One line of the terms body, classified for layout."""
    kind: str          # "blank" | "section" | "title" | "item" | "text"
    text: str
    level: int = 0     # 0 = margin, 1 = first indent, 2 = sub-item
    marker: str = ""   # "•", "a.", "1." for items


def parse_blocks(body: str) -> list[Block]:
    """Classify the body's lines: sections, their titles, items and plain text."""
    blocks: list[Block] = []
    after_section = False
    for raw in _CONTROL.sub("", body.replace("\t", "    ")).splitlines():
        text = raw.strip()
        if not text:
            blocks.append(Block("blank", ""))
            after_section = False
            continue
        indent = min(len(raw) - len(raw.lstrip()), 2)
        if _SECTION.match(text):
            blocks.append(Block("section", text))
            after_section = True
            continue
        bullet = text.startswith(_BULLET)
        if bullet:
            text = text[len(_BULLET):].strip()
        enum = _ENUM.match(text)
        if enum and (indent >= 1 or not bullet):
            # "  • a. Firefox": the bullet is a left-over of a flattened list;
            # the letter is the real marker, so "a." lines up with "b.".
            marker, text = enum.group(1), text[enum.end():]
            blocks.append(Block("item", text, max(indent, 1), marker))
        elif bullet:
            blocks.append(Block("item", text, max(indent, 1), _BULLET))
        elif after_section and indent == 0 and not text.endswith(":"):
            blocks.append(Block("title", text))
        else:
            blocks.append(Block("text", text, min(indent, 1)))
        after_section = False
    return blocks


@dataclass(frozen=True)
class TermsSection:
    anchor: str  # "par-4": the page's #par-4 link target
    heading: str  # "§ 4 Rejestracja" (just "§ 2" when the text gives no title)
    blocks: list[Block] = field(default_factory=list)


def sections(body: str) -> tuple[list[Block], list[TermsSection]]:
    """(the lines before the first §, the sections), blank lines dropped."""
    preamble: list[Block] = []
    found: list[TermsSection] = []
    for block in parse_blocks(body):
        if block.kind == "blank":
            continue
        if block.kind == "section":
            digits = re.sub(r"\D", "", block.text) or str(len(found) + 1)
            found.append(TermsSection(f"par-{digits}", block.text.rstrip(".")))
        elif block.kind == "title" and found and not found[-1].blocks and found[-1].heading.startswith("§") \
                and " " not in found[-1].heading.removeprefix("§ "):
            found[-1] = TermsSection(found[-1].anchor, f"{found[-1].heading} {block.text}")
        elif found:
            found[-1].blocks.append(block)
        else:
            preamble.append(block)
    return preamble, found
