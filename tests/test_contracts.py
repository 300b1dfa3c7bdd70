"""Contracts and annexes (§9 d): listing, details, scoping and PDFs."""
import io
import re
from datetime import date
from types import SimpleNamespace

import pypdf

from ibok_app.services.billing.contracts import (
    annex_detail,
    annex_pdf,
    contract_detail,
    contract_pdf,
    list_contracts,
)
from tests.factories import billing as f

TODAY = date(2024, 3, 15)


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return re.sub(r"[ \u00a0]+", " ", "\n".join(p.extract_text() for p in reader.pages))


def _setup(session):
    c = f.customer(session, name="Małgorzata Żółkiewska")
    sp = f.service_point(session, c, street="ul. Wiśniowa 7")
    old = f.contract(session, c, sp, signed=date(2015, 5, 4), number="UM/2015/0007", valid_to=date(2020, 2, 29))
    new = f.contract(session, c, sp, signed=date(2020, 3, 1), number="UM/2020/0042")
    a2 = f.annex(session, new, signed=date(2023, 1, 10), number="A/2", subject="Zmiana taryfy")
    a1 = f.annex(session, new, signed=date(2021, 6, 1), number="A/1", subject="Wodomierz ogrodowy",
                 valid_to=date(2021, 12, 31))
    return SimpleNamespace(c=c, sp=sp, old=old, new=new, a1=a1, a2=a2)


def test_list_contracts_newest_first_with_annexes(session):
    x = _setup(session)
    c, sp = x.c, x.sp
    views = list_contracts(session, c.id, today=TODAY)
    assert [v.number for v in views] == ["UM/2020/0042", "UM/2015/0007"]
    current, past = views
    assert current.is_active and not past.is_active
    assert current.service_point_address == "ul. Wiśniowa 7, 67-120 Kożuchów"
    assert current.service_point_code == sp.code
    assert current.signed_display == "01.03.2020" and current.valid_to_display == "bezterminowo"
    assert [(a.number, a.subject) for a in current.annexes] == [("A/1", "Wodomierz ogrodowy"), ("A/2", "Zmiana taryfy")]
    assert current.annexes[0].valid_to_display == "31.12.2021"
    assert past.annexes == [] and past.valid_to_display == "29.02.2020"
    assert list_contracts(session, f.customer(session).id) == []


def test_details_are_scoped_to_the_customer(session):
    x = _setup(session)
    c, new, a2 = x.c, x.new, x.a2
    other = f.customer(session)
    theirs = f.contract(session, other)
    their_annex = f.annex(session, theirs)
    assert contract_detail(session, c.id, new.id).number == "UM/2020/0042"
    assert contract_detail(session, c.id, str(new.id)).id == new.id
    assert contract_detail(session, c.id, theirs.id) is None
    assert contract_detail(session, other.id, new.id) is None
    assert annex_detail(session, c.id, their_annex.id) is None
    assert contract_pdf(session, c.id, theirs.id) is None
    assert annex_pdf(session, c.id, their_annex.id) is None
    for junk in (None, "x", -1, 0, 10**30, True, "1 OR 1=1", {"id": 1}):
        assert contract_detail(session, c.id, junk) is None
        assert annex_detail(session, c.id, junk) is None
    detail = annex_detail(session, c.id, a2.id)
    assert detail.annex.number == "A/2" and detail.contract.number == "UM/2020/0042"


def test_contract_and_annex_pdfs(session):
    x = _setup(session)
    c, old, new, a1 = x.c, x.old, x.new, x.a1
    file = contract_pdf(session, c.id, new.id)
    assert file.filename == "umowa-UM-2020-0042.pdf"
    text = _text(file.content)
    assert "UMOWA nr UM/2020/0042" in text
    assert "Małgorzata Żółkiewska" in text and "ul. Wiśniowa 7" in text
    assert "Data zawarcia: 01.03.2020" in text and "bezterminowo" in text
    assert "Aneksy do umowy (2)" in text and "Numer aneksu: A/1" in text and "Zmiana taryfy" in text
    assert "NIP: 9250003346" in text
    annex_text = _text(annex_pdf(session, c.id, a1.id).content)
    assert "ANEKS nr A/1" in annex_text and "do umowy nr UM/2020/0042 z dnia 01.03.2020" in annex_text
    assert "Wodomierz ogrodowy" in annex_text and "Obowiązuje do: 31.12.2021" in annex_text
    assert "Aneksy do umowy (0)" not in _text(contract_pdf(session, c.id, old.id).content)
    assert "nie zawarto aneksów" in _text(contract_pdf(session, c.id, old.id).content)
