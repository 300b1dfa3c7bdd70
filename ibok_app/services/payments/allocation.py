"""How a payment is spread over documents: each document in turn gets what is left
to pay on it, oldest due first; what remains is an overpayment."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Allocation:
    parts: list[tuple[int, int]]  # (document id, grosze), only positive amounts
    overpayment_gr: int

    @property
    def allocated_gr(self) -> int:
        return sum(gr for _, gr in self.parts)


def allocate(amount_gr: int, outstanding: Sequence[tuple[int, int]]) -> Allocation:
    """`outstanding`: (document id, left to pay) in the order to settle them."""
    left, parts = max(0, amount_gr), []
    for document_id, due in outstanding:
        share = min(left, max(0, due))
        if share > 0:
            parts.append((document_id, share))
            left -= share
    return Allocation(parts, left)
