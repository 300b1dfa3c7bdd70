"""ReadingsState (/odczyty) called as the websocket would call it: with any arguments,
with or without a session; the confirmation step keeps the values; empty states."""
from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlmodel import func, select
from state_support import browser_cookie, call, logged_in, new_state, redirect_target
from test_state_handlers import GARBAGE

from ibok_app import demo, routes
from ibok_app.models import MeterReading, PortalAccount, ReadingStatus
from ibok_app.services.readings.estimate import EstimateView
from ibok_app.services.readings.submission import SubmitResult, customer_meters
from ibok_app.state.readings import ReadingsState
from ibok_app.state.terms import AcceptTermsState
from ibok_app.views.formats import today_in_warsaw
from tests.factories import readings as fr
from tests.factories.accounts import KNOWN_PASSWORD, make_account, make_customer


class _Upload:
    """What Reflex hands an upload handler: a name and an async read()."""

    def __init__(self, data: bytes, name: str = "licznik.jpg") -> None:
        self.filename = self.name = name
        self._data = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


@pytest.fixture
def demo_db(db):
    demo.seed_demo(customers=6)
    return demo.demo_accounts()


def _customer_id(session, login: str) -> int:
    return session.exec(select(PortalAccount.customer_id).where(PortalAccount.login == login)).one()


def _count(session, customer_id: int) -> int:
    return session.exec(select(func.count()).select_from(MeterReading)
                        .where(MeterReading.customer_id == customer_id)).one()


def _ready(account) -> ReadingsState:
    state = logged_in(ReadingsState, account)
    events = call(state, ReadingsState.load)
    if redirect_target(events) == routes.ACCEPT_TERMS:
        accept = new_state(AcceptTermsState, cookie=browser_cookie(state))
        call(accept, AcceptTermsState.accept)
        events = call(state, ReadingsState.load)
    assert redirect_target(events) is None and state.loaded
    return state


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_every_handler_redirects_without_a_session(db, token):
    for handler, args in [
        (ReadingsState.load, ()), (ReadingsState.submit, ({"meter": "1", "value": "1"},)),
        (ReadingsState.confirm, ()), (ReadingsState.cancel_confirm, ()),
        (ReadingsState.upload_photo, ([_Upload(b"x")],)), (ReadingsState.photo_rejected, ([],)),
        (ReadingsState.remove_photo, ()), (ReadingsState.show_more, ()),
    ]:
        state = new_state(ReadingsState, cookie=token)
        target = redirect_target(call(state, handler, *args))
        assert target is not None and target.startswith(routes.LOGIN), handler


def test_load_shows_the_customers_meters_history_and_chart(demo_db, session):
    account = demo_db["registered"][0]
    state = _ready(account)
    meters = customer_meters(session, _customer_id(session, account["login"]))
    assert [m.serial for m in state.meters] == [m.serial for m in meters]
    assert state.history and state.history_total >= len(state.history)
    assert state.series and state.window_message.startswith(("Okno", "Najbliższe"))
    assert state.today_iso


@pytest.mark.parametrize("form", [*GARBAGE, {"meter": "999999", "value": "1"}, {"meter": ["1"], "value": 5}])
def test_submit_never_raises_and_saves_nothing_on_garbage(demo_db, session, form):
    account = demo_db["registered"][0]
    state = _ready(account)
    before = _count(session, _customer_id(session, account["login"]))
    call(state, ReadingsState.submit, form)
    assert state.form_message and not state.result_message and not state.busy
    assert _count(session, _customer_id(session, account["login"])) == before
    call(state, ReadingsState.confirm)  # nothing pending: nothing happens
    assert _count(session, _customer_id(session, account["login"])) == before


def test_unusual_reading_keeps_the_values_until_confirmed(demo_db, session):
    account = demo_db["registered"][0]
    state = _ready(account)
    meter = state.meters[0]
    huge = f"{(meter.last_reading_l + 5_000_000) / 1000:.3f}".replace(".", ",")
    form = {"meter": str(meter.meter_id), "value": huge, "read_on": ""}
    customer_id = _customer_id(session, account["login"])
    before = _count(session, customer_id)

    call(state, ReadingsState.submit, form)
    assert state.confirm_message and meter.serial in state.confirm_summary
    assert _count(session, customer_id) == before
    call(state, ReadingsState.confirm)
    assert state.result_status_label == "do weryfikacji" and state.result_to_verify
    assert not state.confirm_message
    saved = session.exec(select(MeterReading).where(MeterReading.customer_id == customer_id)
                         .order_by(MeterReading.id.desc())).first()
    assert saved.status == ReadingStatus.TO_VERIFY and _count(session, customer_id) == before + 1
    assert state.history[0].status_label == "do weryfikacji"

    # a lower one is refused next to the field
    lower = f"{(meter.last_reading_l - 1000) / 1000:.3f}"
    call(state, ReadingsState.submit, {"meter": str(meter.meter_id), "value": lower})
    assert "niższy" in state.errors["value"] and _count(session, customer_id) == before + 1



@pytest.mark.parametrize("garden, note", [(True, False), (False, True), (True, True)])
def test_the_no_sewage_note_is_the_services_decision(db, garden, note):
    """The page's note copies the service's no_sewage_note, whatever kind the meter is."""
    state = new_state(ReadingsState)
    estimate = EstimateView(tariff_name="Taryfa", consumption_l=1000, water_net_gr=500, sewage_net_gr=0,
                            subscription_net_gr=0, net_gr=500, vat_rate=8, vat_gr=40, gross_gr=540,
                            consumption_text="1,000 m³", water_net_text="5,00 zł", sewage_net_text="0,00 zł",
                            subscription_net_text="0,00 zł", net_text="5,00 zł", vat_text="0,40 zł",
                            gross_text="5,40 zł")
    state._show_result(SubmitResult(ok=True, message="", status="accepted", estimate=estimate,
                                    garden_meter=garden, no_sewage_note=note))
    assert state.estimate_no_sewage is note and state.estimate_lines


def test_photo_is_checked_and_only_its_path_kept(demo_db, session):
    state = _ready(demo_db["registered"][0])
    call(state, ReadingsState.upload_photo, [_Upload(b"not a photo")])
    assert "JPEG" in state.errors["photo"] and state.photo_name == "" and state._photo_path == ""
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    call(state, ReadingsState.upload_photo, [_Upload(out.getvalue(), "a.png")])
    assert state.photo_name == "a.png" and state._photo_path.startswith("photos/") and "photo" not in state.errors
    call(state, ReadingsState.upload_photo, "garbage")
    assert state.errors["photo"] and state._photo_path == ""


def test_a_customer_without_meters_or_readings_gets_the_empty_states(demo_db, session):
    customer = make_customer(session)
    make_account(session, customer)
    session.commit()
    state = _ready({"login": customer.number, "password": KNOWN_PASSWORD})
    assert state.meters == [] and state.history == [] and state.history_total == 0 and state.series == []
    call(state, ReadingsState.submit, {"meter": "1", "value": "10"})
    assert state.errors.get("meter") and not state.result_message


def test_estimate_lines_say_the_period_and_last_years_amount(db):
    state = new_state(ReadingsState)
    estimate = EstimateView(tariff_name="Taryfa", consumption_l=1000, water_net_gr=500, sewage_net_gr=0,
                            subscription_net_gr=0, net_gr=500, vat_rate=8, vat_gr=40, gross_gr=540,
                            consumption_text="1,000 m³", water_net_text="5,00 zł", sewage_net_text="0,00 zł",
                            subscription_net_text="0,00 zł", net_text="5,00 zł", vat_text="0,40 zł",
                            gross_text="5,40 zł", period_text="01.11.2026–31.12.2026",
                            basis_text="Szacunek za okres 01.11.2026–31.12.2026: woda 1,000 m³.",
                            last_year_period_text="01.11.2025–31.12.2025", last_year_text="brak danych")
    state._show_result(SubmitResult(ok=True, message="", status="accepted", estimate=estimate))
    lines = [(x.label, x.amount) for x in state.estimate_lines]
    assert lines[0] == ("Okres rozliczeniowy", "01.11.2026–31.12.2026")
    assert lines[-1] == ("Ten sam okres rok temu (01.11.2025–31.12.2025), brutto", "brak danych")
    assert [x.label for x in state.estimate_lines if x.total] == ["Razem brutto"]
    assert state.estimate_note.startswith("Szacunek za okres 01.11.2026–31.12.2026: woda 1,000 m³. To szacunek")


def _one_meter_customer(session, read_today: int):
    customer = make_customer(session)
    make_account(session, customer)
    meter = fr.meter(session, fr.service_point(session, customer))
    fr.reading(session, meter, customer, today_in_warsaw(), read_today)
    session.commit()
    return customer, meter


def test_a_second_reading_today_is_confirmed_as_a_correction(db, session):
    """Issue 9: no "0,600 m³ w 0 dni" and no estimate of a few złoty; the confirmation
    step of unusual readings asks, with its own message."""
    customer, meter = _one_meter_customer(session, 100_000)
    state = _ready({"login": customer.number, "password": KNOWN_PASSWORD})
    call(state, ReadingsState.submit, {"value": "100,6", "read_on": ""})
    assert "korektą" in state.confirm_message and "100,000 m³" in state.confirm_message
    assert meter.serial in state.confirm_summary and not state.result_message
    assert _count(session, customer.id) == 1
    call(state, ReadingsState.confirm)
    day = today_in_warsaw().strftime("%d.%m.%Y")
    assert state.result_message == f"Odczyt został zapisany jako korekta odczytu z dnia {day} i przekazany do weryfikacji."
    assert state.result_consumption == "" and state.estimate_lines == [] and state.result_to_verify
    assert _count(session, customer.id) == 2 and state.history[0].status_label == "do weryfikacji"


def test_the_chart_draws_the_garden_sub_meter_beside_the_water(db, session):
    customer = make_customer(session)
    make_account(session, customer)
    sp = fr.service_point(session, customer)
    main, garden = fr.meter(session, sp), fr.meter(session, sp, kind="garden")
    for m, values in ((main, (100_000, 112_000)), (garden, (1_000, 4_000))):
        fr.reading(session, m, customer, date(2026, 2, 27), values[0])
        fr.reading(session, m, customer, date(2026, 4, 28), values[1])
    session.commit()
    state = _ready({"login": customer.number, "password": KNOWN_PASSWORD})
    assert [(p.label, p.m3, p.text, p.garden_m3, p.garden_text) for p in state.series] == [
        ("04.2026", 12.0, "12,000 m³", 3.0, "3,000 m³")]  # 12 m³ of water, of which 3 m³ in the garden
    assert state.series_has_garden
