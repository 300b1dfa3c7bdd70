"""The Autopay protocol against the published vectors of the gateway's PHP SDK
(bluepayment-plugin/bm-sdk, tests/Fixtures and tests/Unit), and the simulator's ITN
delivery against a real HTTP server on loopback that answers like the portal."""
from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from ibok_app.integrations import autopay
from ibok_app.integrations.payment_simulator import SimulatedPayment, send_itn_until_confirmed

# The SDK's test configuration and fixtures.
KEY = "QCBm3N0oFjzQAWsTIVN8mPLK12TW6HU6InSfjvnF"
SERVICE_ID = "123456"
ITN_IN_REQUEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<transactionList>
    <serviceID>123456</serviceID>
    <transactions>
        <transaction>
            <orderID>123</orderID>
            <remoteID>102686</remoteID>
            <amount>500.00</amount>
            <currency>PLN</currency>
            <gatewayID>106</gatewayID>
            <paymentDate>20200621171238</paymentDate>
            <paymentStatus>SUCCESS</paymentStatus>
            <paymentStatusDetails>ACCEPTED</paymentStatusDetails>
        </transaction>
    </transactions>
    <hash>422fbd7c1bbac1eb745b647980dd63c2e8ccf261ea196739ab8043eff8dd4e17</hash>
</transactionList>
"""
ITN_RESPONSE_HASH = "7194a50431ce359cc4c201a0f154400f89f49f765b8eeb60299fc6fee1a01228"
RETURN_HASH = "df5f737f48bcef93361f590b460cc633b28f91710a60415527221f9cb90da52a"
RETURN_HASH_WRONG = "cd4dd0eed6bfeb1fd0605076caf7b7774624af7cb67cd63b97425c26471d8100"


def test_generic_signature_matches_the_sdk_check_hash_vector():
    # ClientTest::checkHashProvider: HashGenerator over TransactionInit's array
    # (its gatewayUrl, then the transaction's values joined by "|").
    values = ["https://pay-accept.bm.pl",
              "186-1590996507|22.94|Transakcja testowa|1500|PLN|test@test.test|127.0.0.1|Test"]
    assert autopay.signature(values, KEY) == "56507c9294e43e649e8726d271174297a165aedb858edb0414aadbc9632f17e7"


def test_empty_values_are_left_out_of_the_signature():
    assert autopay.signature(["a", "", None, "b"], KEY) == autopay.signature(["a", "b"], KEY)


def test_return_hash_vector():
    assert autopay.return_hash(SERVICE_ID, "123", KEY) == RETURN_HASH
    assert autopay.return_ok({"ServiceID": SERVICE_ID, "OrderID": "123", "Hash": RETURN_HASH}, SERVICE_ID, KEY)
    assert not autopay.return_ok({"ServiceID": SERVICE_ID, "OrderID": "123", "Hash": RETURN_HASH_WRONG},
                                 SERVICE_ID, KEY)
    assert not autopay.return_ok({"ServiceID": "654321", "OrderID": "123", "Hash": RETURN_HASH}, SERVICE_ID, KEY)
    for junk in ({}, {"OrderID": ["123"]}, {"ServiceID": SERVICE_ID, "OrderID": "123", "Hash": None}):
        assert not autopay.return_ok(junk, SERVICE_ID, KEY)


def test_itn_vector_parses_and_verifies():
    itn = autopay.parse_itn(base64.b64encode(ITN_IN_REQUEST).decode())
    assert (itn.order_id, itn.remote_id, itn.amount, itn.currency, itn.status) == \
        ("123", "102686", "500.00", "PLN", "SUCCESS")
    assert autopay.amount_grosze(itn.amount) == 50000
    assert itn.hash_ok(KEY)
    assert not itn.hash_ok(KEY + "x")


def test_the_wrong_hash_fixture_is_refused():
    wrong = ITN_IN_REQUEST.replace(b"422fbd7c", b"522fbd7c")
    assert not autopay.parse_itn(base64.b64encode(wrong).decode()).hash_ok(KEY)


def test_itn_built_by_the_simulator_equals_the_sdk_fixture_hash():
    encoded = autopay.itn_document(service_id=SERVICE_ID, order_id="123", remote_id="102686", amount_gr=50000,
                                   status="SUCCESS", key=KEY, gateway_id="106", payment_date="20200621171238",
                                   status_details="ACCEPTED")
    assert autopay.parse_itn(encoded).hash == "422fbd7c1bbac1eb745b647980dd63c2e8ccf261ea196739ab8043eff8dd4e17"


def test_confirmation_vector():
    xml = autopay.confirmation_xml(SERVICE_ID, "123", True, KEY)
    assert ITN_RESPONSE_HASH.encode() in xml
    assert autopay.confirmation_of(xml, SERVICE_ID, KEY) == {"123": "CONFIRMED"}
    assert autopay.confirmation_of(xml.replace(b"CONFIRMED", b"NOTCONFIRMED"), SERVICE_ID, KEY) is None
    refused = autopay.confirmation_xml(SERVICE_ID, "123", False, KEY)
    assert autopay.confirmation_of(refused, SERVICE_ID, KEY) == {"123": "NOTCONFIRMED"}


def test_start_fields_are_signed_in_the_documented_order():
    fields = autopay.start_fields(service_id=SERVICE_ID, order_id="123", amount_gr=120, description="Transakcja 123-123",
                                  customer_email="test@hostname.domain", key=KEY)
    assert list(fields) == ["ServiceID", "OrderID", "Amount", "Description", "Currency", "CustomerEmail", "Hash"]
    assert fields["Amount"] == "1.20"
    assert fields["Hash"] == autopay.signature(
        [SERVICE_ID, "123", "1.20", "Transakcja 123-123", "PLN", "test@hostname.domain"], KEY)
    assert autopay.start_hash_ok(fields, KEY)
    assert not autopay.start_hash_ok({**fields, "Amount": "1.21"}, KEY)


@pytest.mark.parametrize("text, grosze", [("500.00", 50000), ("0.01", 1), ("1234567.89", 123456789),
                                          ("500", None), ("500,00", None), ("-1.00", None), ("", None), (None, None)])
def test_gateway_amounts(text, grosze):
    assert autopay.amount_grosze(text) == grosze


@pytest.mark.parametrize("encoded", ["", "%%%", "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiP", "nope",
                                     "A" * (autopay.MAX_ITN_BYTES + 1), None, 12])
def test_unreadable_itns_raise_itn_error(encoded):
    with pytest.raises(autopay.ItnError):
        autopay.parse_itn(encoded)


class _Portal(BaseHTTPRequestHandler):
    """Answers NOTCONFIRMED to the first `refuse` ITNs, then CONFIRMED, like a portal
    that was briefly unable to record the payment."""
    refuse = 2
    seen: list[str] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["content-length"]))
        itn = autopay.parse_itn(parse_qs(body.decode())["transactions"][0])
        assert itn.hash_ok(KEY)
        type(self).seen.append(itn.status)
        ok = len(type(self).seen) > type(self).refuse
        reply = autopay.confirmation_xml(itn.service_id, itn.order_id, ok, KEY)
        self.send_response(200)
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def test_the_simulator_sends_the_itn_again_until_it_is_confirmed():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pauses: list[float] = []
    try:
        gateway = autopay.Gateway("http://unused", SERVICE_ID, KEY, simulated=True)
        done = send_itn_until_confirmed(gateway, f"http://127.0.0.1:{server.server_port}/api/platnosci/itn",
                                        SimulatedPayment("O1", 1234, "PLN", "SUCCESS"), sleep=pauses.append)
    finally:
        server.shutdown()
    assert done and _Portal.seen == ["SUCCESS"] * 3
    assert pauses == [1.0, 1, 2]  # the first delay, then growing pauses between attempts


def test_the_simulator_gives_up_when_nobody_answers():
    gateway = autopay.Gateway("http://unused", SERVICE_ID, KEY, simulated=True)
    pauses: list[float] = []
    done = send_itn_until_confirmed(gateway, "http://127.0.0.1:9/itn", SimulatedPayment("O2", 100, "PLN", "FAILURE"),
                                    backoff=(1, 2), sleep=pauses.append)
    assert not done and pauses == [1.0, 1, 2]
