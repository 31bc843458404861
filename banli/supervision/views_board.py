"""滞后单位: the coordinating office's board of lagging units, the items behind each figure, urging a unit
on all its overdue items, and the board in Excel."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.models import RoleCode, Unit, UnitKind
from banli.core.policies import can, roles_with
from banli.supervision.lagging import COLUMNS, lagging_units, unit_items
from banli.supervision.selectors import this_year
from banli.supervision.services import URGE_METHODS, urge_overdue
from banli.supervision.views import attempt


def _allowed(request: HttpRequest) -> None:
    if not can(request.user, "supervision.board"):
        raise PermissionDenied("只有协调机构和交办机构可以查看滞后单位。")


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    return int(raw) if raw.isdigit() else this_year()


def lagging_view(request: HttpRequest) -> HttpResponse:
    """Per unit: overdue sign receipts, replies and opinions, returns for rework, dissatisfied ratings."""
    _allowed(request)
    year = _year(request)
    sort = request.GET.get("sort", "-overdue")
    rows = lagging_units(request.user, year, sort)
    if request.GET.get("export") == "xlsx":
        columns = [Column("序号", 6), Column("承办单位", 28), *(Column(h, 12) for h in COLUMNS.values())]
        columns.append(Column("逾期合计", 10))
        return xlsx_response(
            "滞后单位.xlsx",
            "滞后单位",
            columns,
            (
                [n, r.unit.name, *(r.figure(k) for k in COLUMNS), r.overdue]
                for n, r in enumerate(rows, start=1)
            ),
            filters=describe_filters([("年度", str(year) if year else "全部年度")]),
            user=request.user,
        )
    return render(
        request,
        "supervision/lagging.html",
        {
            "rows": [(r, [(key, r.figure(key)) for key in COLUMNS]) for r in rows],
            "columns": COLUMNS.items(),
            "sort": sort,
            "year": year,
            "year_param": str(year) if year else "all",
            "this_year": this_year(),
            "methods": URGE_METHODS.items(),
        },
    )


def _unit(request: HttpRequest, pk: int) -> Unit:
    """A handling unit of a jurisdiction where the user staffs an office."""
    codes = (RoleCode.COORDINATOR_STAFF, RoleCode.REGISTRY_STAFF)
    jurisdictions = {r.jurisdiction_id for r in roles_with(request.user, *codes)}
    unit = Unit.objects.filter(pk=pk, kind=UnitKind.HANDLING, jurisdiction_id__in=jurisdictions).first()
    if unit is None:
        raise Http404
    return unit


def lagging_unit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The items behind one figure of a unit (``?column=reply``…)."""
    _allowed(request)
    unit = _unit(request, pk)
    column = request.GET.get("column", "reply")
    if column not in COLUMNS:
        column = "reply"
    year = _year(request)
    return render(
        request,
        "supervision/lagging_unit.html",
        {
            "unit": unit,
            "column": column,
            "heading": COLUMNS[column],
            "columns": COLUMNS.items(),
            "rows": unit_items(request.user, unit, column, year),
            "year": year,
            "year_param": str(year) if year else "all",
            "methods": URGE_METHODS.items(),
        },
    )


@require_POST
def lagging_urge(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 a unit on all its overdue items at once."""
    _allowed(request)
    unit = _unit(request, pk)
    attempt(
        request,
        lambda: urge_overdue(
            unit, request.user, request.POST.get("message", ""), request.POST.get("method", "system")
        ),
        lambda events: f"已就{len(events)}件逾期件催办{unit.name}。",
    )
    back = request.POST.get("back", "")
    if back == "unit":
        return redirect("supervision:lagging_unit", pk=unit.pk)
    return redirect("supervision:lagging")
