"""Online payments in Chromium, end to end through the built-in gateway simulator:
the portal's start form, the simulator's pages, its ITN over HTTP to the portal, and
the return page that updates by itself."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from browser_helpers import check_layout, customer_id, extra_account, goto, open_page, sign_in
from sqlmodel import select

from ibok_app.integrations import autopay
from ibok_app.models import Customer, OnlinePayment
from ibok_app.services.billing.balance import balance
from ibok_app.services.billing.documents import unpaid_documents
from ibok_app.views.formats import money
from tests.factories.accounts import make_invoice


def _customer_with_invoices(portal, number: str, amounts: list[int]) -> dict:
    """A fresh customer (outside the demo data) with unpaid invoices of these amounts."""
    account = extra_account(portal, number)
    cid = customer_id(portal, number)
    with portal.session() as s:
        owner = s.get(Customer, cid)
        for i, gr in enumerate(amounts):
            make_invoice(s, owner, gross_gr=gr, issued=date.today() - timedelta(days=20 - i))
        s.commit()
    return {**account, "customer_id": cid}


def _balance(portal, cid: int) -> int:
    with portal.session() as s:
        return balance(s, cid).balance_gr


def _unpaid(portal, cid: int) -> list[tuple[str, int]]:
    with portal.session() as s:
        return [(d.number, d.outstanding_gr) for d in unpaid_documents(s, cid)]


def _transactions(portal, cid: int) -> list[OnlinePayment]:
    with portal.session() as s:
        return list(s.exec(select(OnlinePayment).where(OnlinePayment.customer_id == cid)).all())


def _open_pay(page, portal) -> None:
    open_page(page, portal.url + "/platnosci/zaplac")


def _choose_documents(page, numbers: list[str]) -> None:
    page.get_by_label("Wybrane dokumenty").click()
    for number in numbers:
        box = page.get_by_label(re.compile(re.escape(number)))
        box.click()
        page.wait_for_function("n => document.querySelector('[data-testid=pay-documents]')?.textContent.includes(n)",
                               arg=number)


def test_pay_two_documents_through_the_simulator(portal, page):
    who = _customer_with_invoices(portal, "710001", [4321, 10000])
    cid = who["customer_id"]
    unpaid = _unpaid(portal, cid)
    assert len(unpaid) == 3
    chosen = unpaid[1:]  # two of the three
    before = _balance(portal, cid)
    sign_in(page, portal, who)
    _open_pay(page, portal)
    check_layout(page, "platnosci-zaplac-calosc")
    _choose_documents(page, [n for n, _ in chosen])
    expected = sum(gr for _, gr in chosen)
    assert page.get_by_test_id("pay-total").inner_text() == money(expected)
    check_layout(page, "platnosci-zaplac-dokumenty")
    page.get_by_role("button", name="Przejdź do płatności").click()
    page.wait_for_url(re.compile(r"/symulator-platnosci/payment$"))
    assert "Płatność za należność" in page.content()
    check_layout(page, "symulator-platnosci")
    page.get_by_role("button", name="Zapłać", exact=True).click()
    page.wait_for_url(re.compile(r"/platnosci/powrot/?\?"))
    page.wait_for_selector("[data-outcome='booked']", timeout=30_000)  # no reload: it updates by itself
    check_layout(page, "platnosci-powrot-zaksiegowana")
    assert _balance(portal, cid) == before - expected
    assert _unpaid(portal, cid) == unpaid[:1]
    (tx,) = _transactions(portal, cid)
    assert str(tx.status) == "success"
    receipt = portal.mail.wait_for(who["email"], tx.order_id)
    assert receipt is not None
    open_page(page, portal.url + "/platnosci")
    assert page.get_by_role("cell", name=tx.order_id).is_visible() or tx.order_id in page.content()
    assert "zaksięgowana" in page.content()


def test_reject_leaves_the_balance_unchanged(portal, page):
    who = _customer_with_invoices(portal, "710002", [2500])
    cid = who["customer_id"]
    before = _balance(portal, cid)
    sign_in(page, portal, who)
    _open_pay(page, portal)
    page.get_by_role("button", name="Przejdź do płatności").click()
    page.wait_for_url(re.compile(r"/symulator-platnosci/payment$"))
    page.get_by_role("button", name="Odrzuć").click()
    page.wait_for_selector("[data-outcome='refused']", timeout=30_000)
    assert _balance(portal, cid) == before
    assert [str(t.status) for t in _transactions(portal, cid)] == ["failure"]
    check_layout(page, "platnosci-powrot-odrzucona")


def test_a_double_click_and_a_second_tab_start_one_transaction(portal, page):
    who = _customer_with_invoices(portal, "710003", [9999])
    cid = who["customer_id"]
    sign_in(page, portal, who)
    _open_pay(page, portal)
    second = page.context.new_page()  # the same choice open in another tab
    _open_pay(second, portal)
    page.get_by_role("button", name="Przejdź do płatności").dblclick()
    page.wait_for_url(re.compile(r"/symulator-platnosci/payment$"))
    first_order = _transactions(portal, cid)[0].order_id
    assert first_order in page.content()
    second.get_by_role("button", name="Przejdź do płatności").click()
    second.wait_for_url(re.compile(r"/symulator-platnosci/payment$"))
    assert first_order in second.content()
    assert [t.order_id for t in _transactions(portal, cid)] == [first_order]
    # a page opened now shows the documents as "płatność w toku"
    _open_pay(second, portal)
    assert second.get_by_text("dokumenty są już opłacane").is_visible()
    second.get_by_label("Wybrane dokumenty").click()
    second.get_by_text("płatność w toku", exact=True).first.wait_for()
    assert second.locator(".pay-document input").first.is_disabled()


def test_a_tampered_return_link_shows_an_error_and_changes_nothing(portal, page):
    who = _customer_with_invoices(portal, "710004", [1500])
    cid = who["customer_id"]
    sign_in(page, portal, who)
    _open_pay(page, portal)
    page.get_by_role("button", name="Przejdź do płatności").click()
    page.wait_for_url(re.compile(r"/symulator-platnosci/payment$"))
    (tx,) = _transactions(portal, cid)
    from ibok_app.config import SIMULATOR_SERVICE_ID, SIMULATOR_SHARED_KEY

    good = autopay.return_hash(SIMULATOR_SERVICE_ID, tx.order_id, SIMULATOR_SHARED_KEY)
    bad = ("0" if good[0] != "0" else "1") + good[1:]
    open_page(page, f"{portal.url}/platnosci/powrot?ServiceID={SIMULATOR_SERVICE_ID}&OrderID={tx.order_id}&Hash={bad}")
    page.wait_for_selector("[data-outcome='invalid']")
    assert "Nieprawidłowy lub niepełny link" in page.content()
    check_layout(page, "platnosci-powrot-blad")
    assert [str(t.status) for t in _transactions(portal, cid)] == ["started"]
    open_page(page, f"{portal.url}/platnosci/powrot?ServiceID={SIMULATOR_SERVICE_ID}&OrderID={tx.order_id}&Hash={good}")
    page.wait_for_selector("[data-outcome='waiting']")
    check_layout(page, "platnosci-powrot-czeka")


def test_a_wrong_start_hash_gets_the_gateways_error_page(portal, page):
    goto(page, portal.url + "/logowanie")
    reply = page.request.post(portal.url + "/symulator-platnosci/payment", form={
        "ServiceID": "100200", "OrderID": "X1", "Amount": "10.00", "Description": "x", "Currency": "PLN",
        "CustomerEmail": "a@example.com", "Hash": "0" * 64})
    assert reply.status == 400 and "Nieprawidłowy podpis" in reply.text()


@pytest.mark.parametrize("mode", ["Inną kwotę"])
def test_another_amount_shows_errors_next_to_the_field(portal, page, mode):
    who = _customer_with_invoices(portal, "710005", [])
    sign_in(page, portal, who)
    _open_pay(page, portal)
    page.get_by_label(mode).click()
    page.get_by_label("Kwota (zł)").fill("0,50")
    page.get_by_role("button", name="Przejdź do płatności").click()
    error = page.locator("#amount-error")
    error.wait_for()
    page.wait_for_function("() => document.querySelector('#amount-error').textContent.includes('1,00')")
    assert page.get_by_label("Kwota (zł)").get_attribute("aria-invalid") == "true"
    check_layout(page, "platnosci-zaplac-kwota-blad")
    assert _transactions(portal, who["customer_id"]) == []


def test_a_return_after_the_session_ended_lands_on_the_result_after_login(portal, browser):
    who = _customer_with_invoices(portal, "710006", [])
    cid = who["customer_id"]
    with portal.session() as s:
        from ibok_app.services.payments.checkout import start_payment

        started = start_payment(s, cid, mode="all")
        s.commit()
    from ibok_app.config import SIMULATOR_SERVICE_ID, SIMULATOR_SHARED_KEY

    link = (f"{portal.url}/platnosci/powrot?ServiceID={SIMULATOR_SERVICE_ID}&OrderID={started.order_id}"
            f"&Hash={autopay.return_hash(SIMULATOR_SERVICE_ID, started.order_id, SIMULATOR_SHARED_KEY)}")
    page = browser.new_context().new_page()  # no session cookie: it ended while paying
    goto(page, link)
    page.wait_for_url(re.compile(r"/logowanie"))
    page.get_by_label("Login", exact=True).fill(who["login"])
    page.get_by_label("Hasło", exact=True).fill(who["password"])
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_selector("[data-outcome='waiting']", timeout=30_000)
    assert started.order_id in page.content()
