"""limit/offset pages: one COUNT (or ``count``, a cached one) and one SELECT of at most ``limit`` rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from banli.api.inputs import PageParams


def paginate(
    qs: QuerySet[Any],
    params: PageParams,
    render: Callable[[Any], dict[str, Any]],
    count: Callable[[QuerySet[Any]], int] = QuerySet.count,
) -> dict[str, Any]:
    total = count(qs)
    rows = qs[params.offset : params.offset + params.limit] if params.offset < total else []
    return {
        "count": total,
        "limit": params.limit,
        "offset": params.offset,
        "items": [render(r) for r in rows],
    }
