"""承办件: a unit's assignments, and signing receipt."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from banli.assignments.models import Assignment, AssignmentState
from banli.assignments.selectors import assignment_list
from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.policies import scope
from banli.core.workflow import WorkflowError, transition

SORTS = {"assigned": "assigned_at", "state": "state", "unit": "unit__name"}


EXPORT_COLUMNS = [
    Column("编号", 8),
    Column("案由", 48),
    Column("承办单位", 24),
    Column("承办方式", 10),
    Column("状态", 10),
    Column("经办人", 10),
    Column("交办时间", 18),
    Column("签收时间", 18),
]


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def export_assignments(request: HttpRequest) -> HttpResponse:
    params = request.GET.dict()
    qs = assignment_list(request.user, params).order_by("submission__number", "pk")
    rows = (
        [
            a.submission.number or "",
            a.submission.title,
            a.unit.name,
            a.get_role_display(),
            a.get_state_display(),
            a.handler.display_name if a.handler else "",
            _when(a.assigned_at),
            _when(a.received_at),
        ]
        for a in qs.iterator(chunk_size=2000)
    )
    filters = describe_filters(
        [
            ("状态", dict(AssignmentState.choices).get(params.get("state", ""), "")),
            ("范围", "本人经办" if params.get("mine") == "1" else ""),
        ]
    )
    return xlsx_response(
        "承办件台账.xlsx", "承办件台账", EXPORT_COLUMNS, rows, filters=filters, user=request.user
    )


def assignment_list_view(request: HttpRequest) -> HttpResponse:
    if request.GET.get("export") == "xlsx":
        return export_assignments(request)
    listing = paged(request, assignment_list(request.user, request.GET.dict()), SORTS, "-assigned")
    return render(
        request,
        "assignments/list.html",
        {"listing": listing, "states": AssignmentState.choices, "filters": request.GET},
    )


@require_POST
def assignment_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assignment = scope(request.user, Assignment.objects.filter(pk=pk)).select_related("submission").first()
    if assignment is None:
        raise Http404
    try:
        event = transition(assignment, action, request.user, comment=request.POST.get("comment", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.action_label}。")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "assignments:list")
