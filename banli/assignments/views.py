"""承办件: a unit's inbox, one assignment with its due dates, signing receipt, appointing the handler and
asking for an adjustment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from banli.assignments.exports import INBOX_COLUMNS, inbox_rows
from banli.assignments.models import AdjustmentKind, AssignmentRole, AssignmentState
from banli.assignments.selectors import (
    BOXES,
    assignment_detail,
    assignment_events,
    assignment_list,
    box_counts,
    handling_units,
    partners,
    unit_handlers,
)
from banli.assignments.services import adjustment_refusal, request_adjustment
from banli.core.exports import describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.models import Unit, User
from banli.core.policies import can
from banli.core.workflow import WorkflowError, available, transition

SORTS = {"assigned": "assigned_at", "state": "state", "unit": "unit__name", "number": "submission__number"}


def _filters_text(params: dict[str, str]) -> str:
    return describe_filters(
        [
            ("分类", BOXES.get(params.get("box", ""), "")),
            ("状态", dict(AssignmentState.choices).get(params.get("state", ""), "")),
            ("承办方式", dict(AssignmentRole.choices).get(params.get("role", ""), "")),
            ("年度", params.get("year", "")),
            ("案由含", params.get("q", "")),
            ("范围", "本人经办" if params.get("mine") == "1" else ""),
        ]
    )


def assignment_list_view(request: HttpRequest) -> HttpResponse:
    """承办件 inbox: new, to sign, in handling, overdue, replied; with filters, sort, export."""
    params = request.GET.dict()
    qs = assignment_list(request.user, params)
    if params.get("export") == "xlsx":
        return xlsx_response(
            "承办件台账.xlsx",
            "承办件台账",
            INBOX_COLUMNS,
            inbox_rows(qs.order_by("submission__number", "pk")),
            filters=_filters_text(params),
            user=request.user,
        )
    listing = paged(request, qs, SORTS, "-assigned")
    return render(
        request,
        "assignments/list.html",
        {
            "listing": listing,
            "boxes": BOXES,
            "counts": box_counts(request.user),
            "states": AssignmentState.choices,
            "roles": AssignmentRole.choices,
            "filters": request.GET,
        },
    )


def _get(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    assignment = assignment_detail(request.user, pk)
    if assignment is None:
        raise Http404
    return assignment


def assignment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's assignment: the item, its role and due dates, the other units, what can be done."""
    assignment = _get(request, pk)
    actions = [
        t for t in available(assignment, request.user) if t.action not in ("assign", "cancel", "reinstate")
    ]
    may_adjust = can(request.user, "assignment.request_adjustment", assignment)
    return render(
        request,
        "assignments/detail.html",
        {
            "a": assignment,
            "sub": assignment.submission,
            "actions": actions,
            "partners": partners(assignment),
            "events": assignment_events(assignment),
            "handlers": unit_handlers(assignment.unit_id)
            if any(t.action == "appoint_handler" for t in actions)
            else [],
            "may_adjust": may_adjust,
            "adjust_refusal": adjustment_refusal(assignment) if may_adjust else None,
            "adjust_kinds": AdjustmentKind.choices,
            "units": handling_units(assignment.jurisdiction_id) if may_adjust else [],
        },
    )


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
def assignment_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Sign receipt or appoint the handler (the unit's acts); the office's acts go through the plan page."""
    assignment = _get(request, pk)
    data = {}
    if action == "appoint_handler":
        raw = request.POST.get("handler", "")
        data["handler"] = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        event = transition(assignment, action, request.user, comment=request.POST.get("comment", ""), **data)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.action_label}。")
    return redirect(_next(request, f"/assignments/{assignment.pk}/"))


@require_POST
def request_adjustment_view(request: HttpRequest, pk: int) -> HttpResponse:
    """申请调整: the liaison asks to be removed or replaced, with a reason."""
    assignment = _get(request, pk)
    raw = request.POST.get("suggested_unit", "")
    suggested = (
        Unit.objects.filter(pk=int(raw), jurisdiction_id=assignment.jurisdiction_id).first()
        if raw.isdigit()
        else None
    )
    try:
        request_adjustment(
            assignment, request.user, request.POST.get("kind", ""), request.POST.get("reason", ""), suggested
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "调整申请已提交，等待交办单位审定；审定前请继续按原交办办理。")
    return redirect("assignments:detail", pk=assignment.pk)
