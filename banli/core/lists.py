"""Lists: one helper for paging and sorting every list page the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 20


@dataclass
class ListPage:
    page: Page
    sort: str
    query: str  # the filters as a query string, without page and sort, for links

    @property
    def items(self) -> list[Any]:
        return list(self.page.object_list)


def paged(request: HttpRequest, qs: QuerySet[Any], sorts: dict[str, str], default: str) -> ListPage:
    """Sort by the ``sort`` parameter when it names a known column (``-`` for descending), then page."""
    sort = request.GET.get("sort", default)
    key = sort.lstrip("-")
    if key not in sorts:
        sort, key = default, default.lstrip("-")
    field = sorts[key]
    qs = qs.order_by(f"-{field}" if sort.startswith("-") else field, "-pk")
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return ListPage(page=page, sort=sort, query=params.urlencode())
