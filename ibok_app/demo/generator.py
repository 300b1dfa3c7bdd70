"""Deterministic demo rows for one customer at a time: plain dicts ready for a Core
bulk insert, with ids allocated here (no database round trip per row).

Every customer draws from its own random.Random seeded by (seed, customer number), so
a customer's data does not depend on the batch size; ids and document numbers are
handed out in customer order (context.py), so the same inputs give identical rows.
The customer is drawn here; its service points in service_points.py, its notes and
payments in payment_history.py. The order of the random draws is the data: keep it
when changing anything.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ibok_app.demo import names
from ibok_app.demo.context import Batch, Context, DemoPortalUser, at, between
from ibok_app.demo.money import nip_from
from ibok_app.demo.payment_history import add_notes_and_payments
from ibok_app.demo.service_points import Property, add_service_point

CUSTOMER_NUMBER_START = 100001
PERSONAS = ("garden", "overdue", "credit")  # the first three customers, the demo accounts


@dataclass(frozen=True)
class _Holder:
    """Who the customer is and where it lives."""
    name: str
    first: str  # a person's names, for a demo login's e-mail address
    last: str
    nip: str | None
    street: str
    sewer: bool
    is_flat: bool
    monthly_m3: float


def _address(rng: random.Random, village_share: float = 0.3) -> tuple[str, bool, bool]:
    """(street line, has sewer, is a flat); town or village, always 67-120 Kożuchów."""
    if rng.random() >= village_share:
        street, blocks = rng.choice(names.TOWN_STREETS)
        number = str(rng.randint(1, 48)) + ("A" if rng.random() < 0.07 else "")
        if blocks and rng.random() < 0.35:
            return f"{street} {number}/{rng.randint(1, 24)}", True, True
        return f"{street} {number}", True, False
    village, sewer = rng.choice(names.VILLAGES)
    return f"{village} {rng.randint(1, 95)}{'A' if rng.random() < 0.05 else ''}", sewer, False


def _nip(rng: random.Random) -> str:
    while True:
        nip = nip_from(f"{rng.choice((925, 973, 929, 599))}{rng.randint(0, 999999):06d}")
        if nip:
            return nip


def generate_customer(ctx: Context, batch: Batch, number: int, ordinal: int) -> None:
    """All rows of one customer into `batch`."""
    rng = random.Random(f"ibok-demo:{ctx.seed}:{number}")
    persona = PERSONAS[ordinal] if ctx.personas and ordinal < len(PERSONAS) else None
    profile = _payment_profile(rng, persona)
    is_business = persona is None and rng.random() < 0.06
    route = rng.randrange(2)
    ends = ctx.period_ends(route)

    customer_id = ctx.new_id("customer")
    cnum = str(number)
    holder = _holder(rng, is_business)
    corr = _correspondence_address(rng)
    first_signed = between(rng, date(1996, 1, 2), ends[0] - timedelta(days=400))
    batch.add("customer", {
        "id": customer_id, "number": cnum, "name": holder.name, "is_business": is_business, "nip": holder.nip,
        "street": holder.street, "postal_code": names.TOWN_POSTAL, "city": names.TOWN,
        "corr_street": corr[0] if corr else None, "corr_postal_code": corr[1] if corr else None,
        "corr_city": corr[2] if corr else None, "status": "active", "terminated_at": None,
        "created_at": at(first_signed, 8),
    })

    docs: list[dict] = []  # this customer's documents, for payments
    for prop in _properties(rng, persona, is_business, holder, customer_id, cnum, first_signed, ends,
                            corr is not None):
        add_service_point(ctx, batch, rng, prop, docs)

    add_notes_and_payments(ctx, batch, rng, customer_id, is_business, profile, docs)

    if persona is not None:
        domain = "example.pl" if ordinal == 2 else "example.com"
        email = f"{names.ascii_fold(holder.first).lower()}.{names.ascii_fold(holder.last).lower()}@{domain}"
        batch.portal_users.append(DemoPortalUser(customer_id, cnum, email, f"+486{rng.randint(0, 99999999):08d}"))


def _payment_profile(rng: random.Random, persona: str | None) -> str:
    roll = rng.random()  # drawn for the personas too
    if persona is None:
        return "overdue" if roll < 0.10 else "credit" if roll < 0.15 else "late" if roll < 0.23 else "good"
    return {"garden": "late", "overdue": "overdue", "credit": "credit"}[persona]


def _holder(rng: random.Random, is_business: bool) -> _Holder:
    """A household (a flat uses less water) or a business: a company, or a housing
    community in a block of flats."""
    street, sewer, is_flat = _address(rng)
    first = last = ""
    nip = None
    if is_business:
        nip = _nip(rng)
        if rng.random() < 0.3:
            street, _blocks = rng.choice([s for s in names.TOWN_STREETS if s[1]])
            street = f"{street} {rng.randint(1, 40)}"
            name, monthly_m3 = f"Wspólnota Mieszkaniowa {street}", rng.uniform(40, 150)
        else:
            name = f"{rng.choice(names.BUSINESS_KINDS)} {rng.choice(names.SURNAMES)} sp. z o.o."
            monthly_m3 = rng.uniform(8, 60)
        is_flat = False
    else:
        if rng.random() < 0.5:
            first, last = rng.choice(names.MALE_FIRST), rng.choice(names.SURNAMES)
        else:
            first, last = rng.choice(names.FEMALE_FIRST), names.feminine(rng.choice(names.SURNAMES))
        name = f"{first} {last}"
        monthly_m3 = rng.triangular(3, 15, 6) if not is_flat else rng.triangular(2.5, 9, 4)
    return _Holder(name, first, last, nip, street, sewer, is_flat, monthly_m3)


def _correspondence_address(rng: random.Random) -> tuple[str, str, str] | None:
    if rng.random() < 0.08:
        c_street, c_postal, c_city = rng.choice(names.ELSEWHERE)
        return f"{c_street} {rng.randint(1, 120)}/{rng.randint(1, 40)}", c_postal, c_city
    return None


def _properties(rng: random.Random, persona: str | None, is_business: bool, holder: _Holder,
                customer_id: int, cnum: str, first_signed: date, ends: list[date],
                corr_address: bool):
    """The service points: the home, and for a few a second property (a plot in a
    village). A generator: each point's own draws happen just before it is built."""
    points = [(holder.street, holder.sewer, holder.is_flat, holder.monthly_m3, first_signed)]
    if persona == "credit" or (persona is None and not is_business and rng.random() < 0.04):
        p_street, p_sewer, _ = _address(rng, village_share=1.0)
        p_signed = between(rng, first_signed, ends[0] - timedelta(days=60))
        points.append((p_street, p_sewer, False, rng.uniform(1.5, 4), p_signed))
    for k, (street, sewer, is_flat, monthly_m3, signed) in enumerate(points, start=1):
        garden = persona == "garden" or (persona is None and k == 1 and not is_flat and not is_business
                                         and rng.random() < 0.15)
        yield Property(customer_id=customer_id, code=f"PP-{cnum}-{k}", street=street, has_sewage=sewer,
                       monthly_m3=monthly_m3, signed=signed, ends=ends, garden=garden,
                       cert_soon=(persona == "garden" and k == 1),
                       correction=(persona == "garden" or rng.random() < 0.1), corr_address=corr_address)
