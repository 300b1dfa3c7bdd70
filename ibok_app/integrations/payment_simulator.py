"""The built-in stand-in for the Autopay gateway: what happens after the customer
pressed "Zapłać" or "Odrzuć" on its page.

It behaves like the gateway: the ITN goes to the portal's endpoint over HTTP, and is
sent again with growing pauses until the portal answers CONFIRMED (or the attempts
run out). No real money moves. Its pages are in api/payment_simulator.py.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import requests

from ibok_app.integrations.autopay import Gateway, confirmation_of, itn_document

log = logging.getLogger(__name__)

BACKOFF_S = (1, 2, 4, 8, 15, 30, 60, 120)  # a gateway retries for a while, then gives up


@dataclass(frozen=True)
class SimulatedPayment:
    order_id: str
    amount_gr: int  # what the customer paid at the gateway
    currency: str
    status: str  # SUCCESS / FAILURE


def send_itn_until_confirmed(gateway: Gateway, itn_url: str, payment: SimulatedPayment, *,
                             first_delay_s: float = 1.0, backoff: tuple[float, ...] = BACKOFF_S,
                             sleep: Callable[[float], None] = time.sleep) -> bool:
    """POST the ITN until CONFIRMED; True when the portal confirmed it."""
    form = itn_document(service_id=gateway.service_id, order_id=payment.order_id,
                        remote_id=f"SIM{secrets.token_hex(5).upper()}", amount_gr=payment.amount_gr,
                        currency=payment.currency, status=payment.status, key=gateway.shared_key,
                        payment_date=datetime.now().strftime("%Y%m%d%H%M%S"),
                        status_details="AUTHORIZED" if payment.status == "SUCCESS" else "REJECTED")
    sleep(first_delay_s)
    for attempt, pause in enumerate((*backoff, None), start=1):
        try:
            reply = requests.post(itn_url, data={"transactions": form}, timeout=10)
            answer = confirmation_of(reply.content, gateway.service_id, gateway.shared_key) or {}
            if reply.status_code == 200 and answer.get(payment.order_id) == "CONFIRMED":
                log.info("simulator: ITN %s for %s confirmed (attempt %d)", payment.status, payment.order_id, attempt)
                return True
            log.warning("simulator: ITN for %s not confirmed (HTTP %s), attempt %d",
                        payment.order_id, reply.status_code, attempt)
        except requests.RequestException as exc:
            log.warning("simulator: ITN for %s not delivered (%s), attempt %d",
                        payment.order_id, type(exc).__name__, attempt)
        if pause is None:
            return False
        sleep(pause)
    return False


def notify_in_background(gateway: Gateway, itn_url: str, payment: SimulatedPayment) -> threading.Thread:
    """As a gateway does: the browser is sent back at once, the ITN follows."""
    thread = threading.Thread(target=send_itn_until_confirmed, args=(gateway, itn_url, payment),
                              name=f"itn-{payment.order_id}", daemon=True)
    thread.start()
    return thread
