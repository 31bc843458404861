"""交办 by the assigning office: choose the mode and units of an item (with recommendations), pre-assign,
assign formally, decide adjustment requests, assign many items at once; the notices and meeting list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from banli.assignments.exports import (
    ADJUSTMENT_COLUMNS,
    MEETING_COLUMNS,
    adjustment_rows,
    live_assignments_prefetch,
    meeting_rows,
    notice_response,
)
from banli.assignments.models import LIVE_STATES, AdjustmentRequest, AdjustmentState
from banli.assignments.selectors import (
    adjustment_list,
    assignment_list,
    handling_units,
    leaders,
    plan_view,
)
from banli.assignments.services import Plan
from banli.core.exports import describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.models import Session, Unit, User
from banli.core.policies import can, roles_of, scope
from banli.core.transactions import writing
from banli.core.workflow import WorkflowError, available, transition
from banli.submissions.models import HandlingMode, Submission, SubmissionState
from banli.submissions.selectors import submission_detail
from banli.textindex.selectors import recommendations_for

PLAN_ACTIONS = ("pre_assign", "assign", "reassign", "return_to_registry")


def _submission(request: HttpRequest, pk: int) -> Submission:
    sub = submission_detail(request.user, pk)
    if sub is None:
        raise Http404
    if not can(request.user, "assignment.plan", sub):
        raise PermissionDenied("只有交办单位可以确定承办单位。")
    return sub


def _units(jurisdiction_id: int, raw_ids: list[str]) -> list[Unit]:
    """The chosen units, in the order chosen, of the jurisdiction only (others are ignored)."""
    ids = [int(v) for v in raw_ids if v.isdigit()]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids, jurisdiction_id=jurisdiction_id)}
    seen: list[Unit] = []
    for i in ids:
        if i in found and found[i] not in seen:
            seen.append(found[i])
    return seen


def plan_from_post(request: HttpRequest, jurisdiction_id: int) -> Plan | None:
    """The plan the form describes, or None when no unit was chosen."""
    post = request.POST
    lead = _units(jurisdiction_id, [post.get("lead", "")])
    others = [u for u in _units(jurisdiction_id, post.getlist("others")) if u not in lead]
    if not lead and not others:
        return None
    raw_leader = post.get("leader", "")
    leader = User.objects.filter(pk=int(raw_leader)).first() if raw_leader.isdigit() else None
    mode = post.get("mode", "")
    if not lead:
        lead, others = others[:1], others[1:]
    return Plan.build(mode, lead[0], others, leader)


def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """交办: the item, its current units and requests, recommendations, and the plan form."""
    sub = _submission(request, pk)
    view = plan_view(sub)
    # the form supplies the plan the guards judge, so the buttons follow the office's right alone
    actions = {t.action: t for t in available(sub, request.user, guards=False) if t.action in PLAN_ACTIONS}
    lead = next((a for a in view.assignments if a.role != "co"), None)
    return render(
        request,
        "assignments/plan.html",
        {
            "sub": sub,
            "view": view,
            "actions": actions,
            "modes": HandlingMode.choices,
            "units": handling_units(sub.jurisdiction_id),
            "leaders": leaders(sub.jurisdiction_id),
            "recommendations": recommendations_for(request.user, sub),
            "chosen_lead": lead.unit_id if lead and sub.handling_mode != HandlingMode.SEPARATE else None,
            "chosen_others": [a.unit_id for a in view.assignments if lead is None or a.pk != lead.pk]
            if sub.handling_mode != HandlingMode.SEPARATE
            else [a.unit_id for a in view.assignments],
            "adjustment_decisions": {r.pk: available(r, request.user) for r in view.pending},
        },
    )


@require_POST
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Pre-assign, assign formally, reassign or return the item, by the button pressed."""
    sub = _submission(request, pk)
    action = request.POST.get("action", "")
    if action not in PLAN_ACTIONS:
        raise Http404
    data: dict[str, Any] = {}
    if action != "return_to_registry":
        plan = plan_from_post(request, sub.jurisdiction_id)
        if plan is not None or action != "assign":
            data["plan"] = plan
        data["designate"] = request.POST.get("designate") == "1"
        data["recommended"] = [int(v) for v in request.POST.getlist("recommended") if v.isdigit()]
    try:
        event = transition(sub, action, request.user, comment=request.POST.get("comment", ""), **data)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("assignments:plan", pk=sub.pk)
    messages.success(request, f"已{event.action_label}。")
    if action == "return_to_registry":
        return redirect("submissions:detail", pk=sub.pk)
    return redirect("assignments:plan", pk=sub.pk)


@require_POST
def adjustment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """同意 (with the unit taking over, if any) or 不同意 a unit's adjustment request."""
    req = (
        scope(request.user, AdjustmentRequest.objects.filter(pk=pk))
        .select_related("submission__assembly", "assignment__unit")
        .first()
    )
    if req is None:
        raise Http404
    data: dict[str, Any] = {}
    if action == "accept":
        chosen = _units(req.jurisdiction_id, [request.POST.get("replacement", "")])
        data["replacement"] = chosen[0] if chosen else None
    elif action == "refuse":
        data["designate"] = request.POST.get("designate", "1") == "1"
    try:
        event = transition(req, action, request.user, comment=request.POST.get("comment", ""), **data)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.action_label}。")
    return redirect("assignments:plan", pk=req.submission_id)


def adjustment_list_view(request: HttpRequest) -> HttpResponse:
    """调整申请: pending first; the offices decide, the units follow their own."""
    params = request.GET.dict()
    qs = adjustment_list(request.user, params)
    if params.get("export") == "xlsx":
        return xlsx_response(
            "调整申请台账.xlsx",
            "调整申请台账",
            ADJUSTMENT_COLUMNS,
            adjustment_rows(qs.order_by("requested_at", "pk")),
            filters=describe_filters(
                [("状态", dict(AdjustmentState.choices).get(params.get("state", ""), ""))]
            ),
            user=request.user,
        )
    listing = paged(request, qs, {"requested": "requested_at", "state": "state"}, "-requested")
    return render(
        request,
        "assignments/adjustments.html",
        {"listing": listing, "states": AdjustmentState.choices, "filters": request.GET},
    )


@require_POST
def bulk_assign_view(request: HttpRequest) -> HttpResponse:
    """Assign many items in one act, all or nothing: to the units chosen (sole, or lead + co), or, with no
    unit chosen, formally assign each as pre-assigned."""
    if not can(request.user, "assignment.plan"):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    back = "/submissions/?state=assigning"
    action = request.POST.get("action", "assign")
    if action not in ("assign", "pre_assign") or not ids:
        messages.error(request, "请先勾选要交办的件。")
        return redirect(back)
    subs = list(
        scope(request.user, Submission.objects.filter(pk__in=ids, state=SubmissionState.ASSIGNING))
        .select_related("assembly", "lead_author")
        .order_by("number", "pk")
    )
    if len(subs) != len(set(ids)):
        messages.error(request, "部分所选的件不在交办中或无权处理，未作任何交办。")
        return redirect(back)
    failures: list[str] = []
    try:
        with writing():
            for sub in subs:
                plan = plan_from_post(request, sub.jurisdiction_id)
                data = {"plan": plan} if plan is not None or action == "pre_assign" else {}
                try:
                    transition(sub, action, request.user, **data)
                except WorkflowError as exc:
                    failures.append(f"《{sub.title}》：{exc.message}")
            if failures:
                raise _Rollback
    except _Rollback:
        messages.error(request, "未作任何交办，请处理以下问题后重试：" + "；".join(failures))
        return redirect(back)
    label = "正式交办" if action == "assign" else "预交办"
    messages.success(request, f"已{label} {len(subs)} 件。")
    return redirect(back)


class _Rollback(Exception):
    """Raised inside the bulk transaction to undo every item when one fails."""


def notices_view(request: HttpRequest) -> HttpResponse:
    """交办清单: each unit's list of assigned items, as a page of units and an Excel file per unit."""
    params = request.GET.dict()
    qs = assignment_list(request.user, {**params, "state": ""}).filter(
        state__in=[s for s in LIVE_STATES if s != "pre_assigned"]
    )
    if (params.get("session") or "").isdigit():
        qs = qs.filter(submission__session_id=int(params["session"]))
    if (params.get("unit") or "").isdigit() and params.get("export") == "xlsx":
        unit = Unit.objects.filter(pk=int(params["unit"])).first()
        rows = qs.filter(unit_id=int(params["unit"])).order_by("submission__number", "pk")
        if unit is None or not rows.exists():
            raise Http404
        filters = describe_filters([("年度", params.get("year", "")), ("会议", _session_name(params))])
        return notice_response(unit.name, rows, request.user, filters)
    units = (
        qs.order_by()
        .values("unit_id", "unit__name")
        .annotate(
            total=Count("*"),
            answering=Count("pk", filter=~Q(role="co")),
            co=Count("pk", filter=Q(role="co")),
        )
        .order_by("unit__name")
    )
    return render(
        request,
        "assignments/notices.html",
        {"units": list(units), "filters": request.GET, "sessions": _sessions(request)},
    )


def meeting_view(request: HttpRequest) -> HttpResponse:
    """交办会 list: the registered items of a session (or year) with their system and units."""
    if not (can(request.user, "submission.review") or can(request.user, "assignment.plan")):
        raise PermissionDenied
    params = request.GET.dict()
    qs = (
        scope(request.user, Submission.objects.all())
        .exclude(state__in=(SubmissionState.DRAFT, SubmissionState.SUBMITTED, SubmissionState.RETURNED))
        .exclude(state__in=(SubmissionState.NOT_REGISTERED, SubmissionState.WITHDRAWN))
        .filter(number__isnull=False)
        .select_related("lead_author", "category", "session__assembly", "assembly")
        .prefetch_related(live_assignments_prefetch())
    )
    if (params.get("session") or "").isdigit():
        qs = qs.filter(session_id=int(params["session"]))
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=int(params["year"]))
    if params.get("kind") in ("suggestion", "proposal", "motion"):
        qs = qs.filter(kind=params["kind"])
    qs = qs.order_by("assembly", "kind", "number", "pk")
    if params.get("export") == "xlsx":
        filters = describe_filters([("会议", _session_name(params)), ("年度", params.get("year", ""))])
        return xlsx_response(
            "交办会清单.xlsx",
            "交办会清单",
            MEETING_COLUMNS,
            meeting_rows(qs.iterator(chunk_size=500)),
            filters=filters,
            user=request.user,
        )
    listing = paged(request, qs, {"number": "number", "state": "state"}, "number")
    return render(
        request,
        "assignments/meeting.html",
        {"listing": listing, "filters": request.GET, "sessions": _sessions(request)},
    )


def _sessions(request: HttpRequest) -> list[Session]:
    jids = {r.jurisdiction_id for r in roles_of(request.user)}
    return list(
        Session.objects.filter(assembly__jurisdiction_id__in=jids)
        .select_related("assembly")
        .order_by("-opens_on")
    )


def _session_name(params: dict[str, str]) -> str:
    raw = params.get("session") or ""
    if not raw.isdigit():
        return ""
    session = Session.objects.filter(pk=int(raw)).select_related("assembly").first()
    return session.full_name if session else ""
