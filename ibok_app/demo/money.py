"""Exact invoice arithmetic for the demo data: grosze, VAT per line, half-up rounding."""
from __future__ import annotations

from ibok_app.services.common.money import half_up as div_half_up


def document_line(document_id: int, line_id: int, position: int, description: str,
                  quantity_milli: int, unit: str, unit_net_gr: int, vat_rate: int | None) -> dict:
    """One invoice line: net = quantity × unit price, VAT computed on the line's net."""
    net = div_half_up(quantity_milli * unit_net_gr, 1000)
    vat = div_half_up(net * vat_rate, 100) if vat_rate is not None else 0
    return {
        "id": line_id, "document_id": document_id, "position": position,
        "description": description, "quantity_milli": quantity_milli, "unit": unit,
        "unit_net_gr": unit_net_gr, "vat_rate": vat_rate,
        "net_gr": net, "vat_gr": vat, "gross_gr": net + vat,
    }


def totals(lines: list[dict]) -> tuple[int, int, int]:
    net = sum(x["net_gr"] for x in lines)
    vat = sum(x["vat_gr"] for x in lines)
    return net, vat, net + vat


def valid_nip(nip: str) -> bool:
    if len(nip) != 10 or not nip.isdigit():
        return False
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(nip, weights)) % 11
    return check != 10 and check == int(nip[9])


def nip_from(first9: str) -> str | None:
    """Append the check digit; None when the nine digits have none (checksum 10)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first9, weights)) % 11
    return None if check == 10 else first9 + str(check)
