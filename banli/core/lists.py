"""Lists: one helper for paging and sorting every list page the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
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


def sorted_by(
    request: HttpRequest, qs: QuerySet[Any], sorts: dict[str, str], default: str
) -> tuple[QuerySet[Any], str]:
    """The list in the order the ``sort`` parameter names when it is a known column (``-`` for
    descending), else the default; and the sort applied. The page and its Excel export share it."""
    sort = request.GET.get("sort", default)
    key = sort.lstrip("-")
    if key not in sorts:
        sort, key = default, default.lstrip("-")
    field = sorts[key]
    return qs.order_by(f"-{field}" if sort.startswith("-") else field, "-pk"), sort


def wants_xlsx(request: HttpRequest) -> bool:
    """Whether the list is asked for as an Excel file (``?export=xlsx``) rather than a page."""
    return request.GET.get("export") == "xlsx"


class _Counted(Paginator):
    """A paginator whose count comes from ``counter`` (a cached count, ``reports.cache.count``)."""

    def __init__(self, qs: QuerySet[Any], per_page: int, counter: Callable[[QuerySet[Any]], int]) -> None:
        super().__init__(qs, per_page)
        self.counter = counter

    @cached_property
    def count(self) -> int:
        return self.counter(self.object_list)


def paged(
    request: HttpRequest,
    qs: QuerySet[Any],
    sorts: dict[str, str],
    default: str,
    count: Callable[[QuerySet[Any]], int] = QuerySet.count,
) -> ListPage:
    """Sort (see :func:`sorted_by`), then page; ``count`` counts the list (a cached count may)."""
    qs, sort = sorted_by(request, qs, sorts, default)
    paginator = _Counted(qs, PAGE_SIZE, count)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return ListPage(page=page, sort=sort, query=params.urlencode())
