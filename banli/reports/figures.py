"""A figure of the statistics: a count, what it counts, and the link to the items behind it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str
    percent: Decimal | None = None
