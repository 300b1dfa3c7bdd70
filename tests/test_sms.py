"""SMS: number normalisation and the senders, against a real local HTTP gateway."""
from __future__ import annotations

import json
import re

import pytest
from fake_servers import SmsGateway, free_port, patched_env

from ibok_app.integrations.outbound import DeliveryError, PermanentDeliveryError
from ibok_app.integrations.sms import (
    FileSmsSender,
    HttpSmsSender,
    sms_sender_from_settings,
    smsapi_number,
)

TEXT = "Awaria sieci wodociągowej: ul. Żeromskiego, przerwa do 18:00. Przepraszamy – USKOM"


@pytest.mark.parametrize("raw, expected", [
    ("600100200", "48600100200"),
    ("600 100 200", "48600100200"),
    ("+48 600-100-200", "48600100200"),
    ("0048 (60) 010 02 00", "48600100200"),
    ("48600100200", "48600100200"),
    ("68 355 22 08", "48683552208"),
    ("", None),
    (None, None),
    ("60010020", None),  # 8 digits
    ("6001002001", None),  # 10 digits
    ("+49 1512 3456789", None),  # not Polish
    ("060 010 020", None),  # national part may not start with 0
    ("600100abc", None),
    ("+48600100200; rm -rf", None),
    ("1" * 100, None),
])
def test_smsapi_number(raw, expected):
    assert smsapi_number(raw) == expected


def test_http_sender_speaks_smsapi_protocol():
    with SmsGateway(token="tok-123") as gw:
        msg_id = HttpSmsSender(api_url=gw.url, token="tok-123", sender="USKOM", timeout=5).send(
            "+48 600 100 200", TEXT)
    assert msg_id.startswith("6D4E")
    (req,) = gw.requests
    assert req["path"] == "/api/sms.do"
    assert req["headers"]["Authorization"] == "Bearer tok-123"
    assert req["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert req["form"] == {"to": "48600100200", "message": TEXT, "from": "USKOM",
                           "format": "json", "encoding": "utf-8"}


def test_gateway_error_with_http_200_is_a_delivery_error():
    with SmsGateway(token="right") as gw, pytest.raises(DeliveryError, match="101") as info:
        HttpSmsSender(api_url=gw.url, token="wrong-token", sender="USKOM", timeout=5).send("600100200", "x")
    assert not isinstance(info.value, PermanentDeliveryError)  # a fixed token makes it work later
    assert "wrong-token" not in str(info.value)


@pytest.mark.parametrize("status, body", [
    (500, b"<html>Internal Server Error</html>"),
    (200, b"not json"),
    (200, {"count": 0, "list": []}),
    (200, {"count": 1, "list": [{"id": "1", "status": "REJECTED"}]}),
    (502, {"message": "bad gateway"}),
])
def test_unexpected_gateway_answers_are_delivery_errors(status, body):
    with SmsGateway() as gw:
        gw.fail_with = (status, body)
        with pytest.raises(DeliveryError):
            HttpSmsSender(api_url=gw.url, token=gw.token, timeout=5).send("600100200", "x")


def test_gateway_down_is_a_delivery_error():
    with pytest.raises(DeliveryError, match="nieosiągalna"):
        HttpSmsSender(api_url=f"http://127.0.0.1:{free_port()}/api", token="t", timeout=2).send("600100200", "x")


def test_invalid_number_is_permanent_and_never_reaches_gateway():
    with SmsGateway() as gw, pytest.raises(PermanentDeliveryError):
        HttpSmsSender(api_url=gw.url, token=gw.token, timeout=5).send("12345", "x")
    assert gw.requests == []


def test_file_sender_writes_json(tmp_path):
    name = FileSmsSender(tmp_path / "sms", sender="USKOM").send("600 100 200", TEXT, ref="17")
    files = list((tmp_path / "sms").iterdir())
    assert [f.name for f in files] == [f"{name}.json"]
    assert re.fullmatch(r"\d{8}T\d{6}Z-17", name)
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["to"] == "48600100200"
    assert record["message"] == TEXT
    assert record["from"] == "USKOM"


def test_sender_chosen_by_settings(ibok_env):
    with patched_env(IBOK_SMS_API_URL=None):
        sender = sms_sender_from_settings()
        assert isinstance(sender, FileSmsSender)
        assert sender.directory == ibok_env["var_dir"].resolve() / "sms"
    with patched_env(IBOK_SMS_API_URL="https://api.example.pl/", IBOK_SMS_TOKEN="sekret", IBOK_SMS_SENDER="WODA"):
        sender = sms_sender_from_settings()
        assert isinstance(sender, HttpSmsSender)
        assert (sender.api_url, sender.token, sender.sender) == ("https://api.example.pl", "sekret", "WODA")
        assert "sekret" not in repr(sender)
