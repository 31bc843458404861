"""limit/offset pages: one COUNT and one SELECT of at most ``limit`` rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from banli.api.inputs import PageParams


def paginate(
    qs: QuerySet[Any], params: PageParams, render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    count = qs.count()
    rows = qs[params.offset : params.offset + params.limit] if params.offset < count else []
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": [render(r) for r in rows],
    }
