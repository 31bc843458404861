"""Rules kept per assembly and year: a row for the year, else the row for every year, else the defaults."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q

M = TypeVar("M", bound=Model)


def in_force(model: type[M], assembly_id: int, year: int) -> M:
    """The ``model`` row (with ``assembly`` and nullable ``year`` fields) that governs ``year``: the
    year's own, the general one (year empty), or an unsaved row with the model's defaults."""
    rows = {
        p.year: p  # type: ignore[attr-defined]
        for p in model._default_manager.filter(Q(year=year) | Q(year__isnull=True), assembly_id=assembly_id)
    }
    return rows.get(year) or rows.get(None) or model(assembly_id=assembly_id)
