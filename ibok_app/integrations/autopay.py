"""The Autopay (formerly Blue Media) "Płatności online" protocol, without I/O.

- Start: the customer's browser POSTs a form to `{gateway}/payment`.
- Return: the gateway sends the browser back with GET ServiceID, OrderID, Hash.
- ITN (Instant Transaction Notification): the gateway POSTs a form field
  `transactions` = base64 of an XML `transactionList`; the merchant answers with an
  XML `confirmationList`, CONFIRMED or NOTCONFIRMED.

Every message is signed the same way: SHA-256 of the non-empty values in the
documented order, joined with "|", then "|" + the shared key. The test vectors of
the gateway's PHP SDK (bluepayment-plugin/bm-sdk) are checked in tests/test_autopay.py.

The same module serves the built-in simulator (it builds ITNs and checks start
forms), so the portal and the simulator cannot drift apart.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

import defusedxml.ElementTree as SafeXml
from defusedxml import DefusedXmlException

from ibok_app.views.formats import amount_plain

SEPARATOR = "|"
CURRENCY = "PLN"
MAX_ITN_BYTES = 64 * 1024
MAX_ORDER_ID = 32
MAX_DESCRIPTION = 79
STATUSES = ("PENDING", "SUCCESS", "FAILURE")
# The start form's fields in the order the hash takes them (those IBOK sends).
START_FIELDS = ("ServiceID", "OrderID", "Amount", "Description", "GatewayID", "Currency", "CustomerEmail")
_AMOUNT = re.compile(r"\d{1,10}\.\d{2}")
_TEXT_LIMIT = 200  # no value of a transaction is longer


def signature(values: Iterable[object], key: str) -> str:
    """sha256(v1|v2|…|key) over the non-empty values, as the gateway computes it."""
    parts = [str(v) for v in values if v is not None and str(v) != ""]
    return hashlib.sha256(SEPARATOR.join([*parts, key]).encode("utf-8")).hexdigest()


def same(a: object, b: object) -> bool:
    """Constant-time comparison of two hashes (anything not a string is unequal)."""
    return isinstance(a, str) and isinstance(b, str) and hmac.compare_digest(a.lower(), b.lower())


def amount_grosze(text: object) -> int | None:
    if not isinstance(text, str) or not _AMOUNT.fullmatch(text):
        return None
    whole, frac = text.split(".")
    return int(whole) * 100 + int(frac)


# ---------------------------------------------------------------- start and return

def start_fields(*, service_id: str, order_id: str, amount_gr: int, description: str,
                 customer_email: str, key: str, currency: str = CURRENCY) -> dict[str, str]:
    """The form the browser posts to `{gateway}/payment`, Hash included."""
    fields = {"ServiceID": service_id, "OrderID": order_id, "Amount": amount_plain(amount_gr),
              "Description": description, "Currency": currency, "CustomerEmail": customer_email}
    fields = {k: v for k, v in fields.items() if v}
    fields["Hash"] = signature((fields.get(name, "") for name in START_FIELDS), key)
    return fields


def start_hash_ok(form: dict[str, str], key: str) -> bool:
    return same(form.get("Hash"), signature((form.get(name, "") for name in START_FIELDS), key))


def return_hash(service_id: str, order_id: str, key: str) -> str:
    return signature((service_id, order_id), key)


def return_ok(params: dict[str, object], service_id: str, key: str) -> bool:
    """The return link came from the gateway: our ServiceID and a good hash."""
    sid, oid = params.get("ServiceID"), params.get("OrderID")
    return (isinstance(oid, str) and 0 < len(oid) <= MAX_ORDER_ID and sid == service_id
            and same(params.get("Hash"), return_hash(service_id, oid, key)))


# ---------------------------------------------------------------- ITN

class ItnError(ValueError):
    """The ITN cannot be read (not base64, not XML, forbidden XML, wrong shape)."""


@dataclass(frozen=True)
class Itn:
    service_id: str
    order_id: str
    remote_id: str
    amount: str  # as sent ("500.00"); amount_grosze() reads it
    currency: str
    gateway_id: str
    payment_date: str  # YYYYMMDDhhmmss
    status: str  # PENDING / SUCCESS / FAILURE
    status_details: str
    hash: str
    values: tuple[str, ...]  # the transaction's values in document order (what the hash covers)

    def hash_ok(self, key: str) -> bool:
        return same(self.hash, signature((self.service_id, *self.values), key))


def _text(node: Element | None) -> str:
    return (node.text or "").strip()[:_TEXT_LIMIT] if node is not None else ""


def parse_itn(encoded: object) -> Itn:
    """The ITN in the form field `transactions` (base64 XML). Raises ItnError."""
    if not isinstance(encoded, str) or not encoded or len(encoded) > MAX_ITN_BYTES:
        raise ItnError("empty or too long")
    try:
        xml = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ItnError("not base64") from exc
    try:
        root = SafeXml.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (SafeXml.ParseError, DefusedXmlException, ValueError) as exc:
        raise ItnError("not acceptable XML") from exc
    transactions = root.findall("./transactions/transaction") if root.tag == "transactionList" else []
    if len(transactions) != 1:
        raise ItnError("expected exactly one transaction")
    tx = transactions[0]
    # Leaves in document order (nested ones such as customerData's too).
    values = tuple(v for v in (_text(el) for el in tx.iter() if el is not tx and len(el) == 0) if v)
    itn = Itn(
        service_id=_text(root.find("serviceID")), order_id=_text(tx.find("orderID")),
        remote_id=_text(tx.find("remoteID")), amount=_text(tx.find("amount")),
        currency=_text(tx.find("currency")), gateway_id=_text(tx.find("gatewayID")),
        payment_date=_text(tx.find("paymentDate")), status=_text(tx.find("paymentStatus")),
        status_details=_text(tx.find("paymentStatusDetails")), hash=_text(root.find("hash")),
        values=values,
    )
    if not itn.order_id or itn.status not in STATUSES:
        raise ItnError("no order or an unknown status")
    return itn


def itn_document(*, service_id: str, order_id: str, remote_id: str, amount_gr: int, status: str,
                 key: str, currency: str = CURRENCY, gateway_id: str = "106",
                 payment_date: str = "", status_details: str = "") -> str:
    """An ITN as the gateway sends it: the base64 form value (the simulator and tests use it)."""
    root = Element("transactionList")
    SubElement(root, "serviceID").text = service_id
    tx = SubElement(SubElement(root, "transactions"), "transaction")
    values = [("orderID", order_id), ("remoteID", remote_id), ("amount", amount_plain(amount_gr)),
              ("currency", currency), ("gatewayID", gateway_id), ("paymentDate", payment_date),
              ("paymentStatus", status), ("paymentStatusDetails", status_details)]
    for tag, value in values:
        if value:
            SubElement(tx, tag).text = value
    SubElement(root, "hash").text = signature((service_id, *(v for _, v in values)), key)
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)
    return base64.b64encode(xml).decode("ascii")


def confirmation_xml(service_id: str, order_id: str, confirmed: bool, key: str) -> bytes:
    """The merchant's answer to an ITN."""
    word = "CONFIRMED" if confirmed else "NOTCONFIRMED"
    root = Element("confirmationList")
    SubElement(root, "serviceID").text = service_id
    tc = SubElement(SubElement(root, "transactionsConfirmations"), "transactionConfirmed")
    SubElement(tc, "orderID").text = order_id
    SubElement(tc, "confirmation").text = word
    SubElement(root, "hash").text = signature((service_id, order_id, word), key)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def confirmation_of(xml: bytes, service_id: str, key: str) -> dict[str, str] | None:
    """{order_id: CONFIRMED|NOTCONFIRMED} from a merchant's answer, None unless its hash is good."""
    try:
        root = SafeXml.fromstring(xml, forbid_dtd=True)
    except (SafeXml.ParseError, DefusedXmlException, ValueError):
        return None
    found = {}
    sid = _text(root.find("serviceID"))
    for tc in root.findall("./transactionsConfirmations/transactionConfirmed"):
        oid, word = _text(tc.find("orderID")), _text(tc.find("confirmation"))
        if sid != service_id or not same(_text(root.find("hash")), signature((sid, oid, word), key)):
            return None
        found[oid] = word
    return found


@dataclass(frozen=True)
class Gateway:
    """One merchant at one gateway: what the portal needs to speak the protocol."""

    url: str  # the browser posts to f"{url}/payment"
    service_id: str
    shared_key: str
    simulated: bool

    @property
    def payment_url(self) -> str:
        return f"{self.url}/payment"

    def start_fields(self, *, order_id: str, amount_gr: int, description: str, customer_email: str) -> dict[str, str]:
        return start_fields(service_id=self.service_id, order_id=order_id, amount_gr=amount_gr,
                            description=description, customer_email=customer_email, key=self.shared_key)

    def return_ok(self, params: dict[str, object]) -> bool:
        return return_ok(params, self.service_id, self.shared_key)

    def confirmation(self, order_id: str, confirmed: bool) -> bytes:
        return confirmation_xml(self.service_id, order_id, confirmed, self.shared_key)
