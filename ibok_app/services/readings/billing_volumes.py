"""What a service point's invoice bills for water and for sewage, from its meters.

A garden meter (MeterKind.GARDEN) is a sub-meter ("podlicznik"): it sits behind the
main meter, so its water has already been counted by the main meter. It never adds
water; it only takes its water out of the sewage (water used in the garden does not
go to the sewer):

    water  = the main meter's consumption
    sewage = main − garden, never below zero, where the service point has sewage;
             0 where it has none

The one place of this rule: the demo invoices (demo/service_points.py), the
estimate of the next invoice (estimate.py) and the consumption chart (history.py)
call `billed_volumes`.
"""
from __future__ import annotations


def billed_volumes(main_litres: int, garden_litres: int, has_sewage: bool) -> tuple[int, int]:
    """(water litres, sewage litres) billed for a period in which the main meter(s) of
    a service point measured `main_litres` and its garden sub-meter(s) `garden_litres`."""
    water = main_litres
    sewage = max(0, main_litres - max(0, garden_litres)) if has_sewage else 0
    return water, sewage
