"""Submission pages: the list (with export and bulk registration), an item with its timeline and actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.assignments.selectors import current_assignments, handling_units
from banli.assignments.views_plan import PLAN_ACTIONS
from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.models import Category
from banli.core.models.org import System
from banli.core.policies import can, scope
from banli.core.selectors import timeline
from banli.core.workflow import WorkflowError, available, transition
from banli.handling.selectors import sent_replies
from banli.reports import cache as figures_cache
from banli.reports.filters import ITEM_FILTER_KEYS, describe_item_filters
from banli.submissions.models import Submission, SubmissionKind, SubmissionState
from banli.submissions.selectors import (
    cosignature_rows,
    own_files,
    rejection_reasons,
    submission_detail,
    submission_list,
)
from banli.submissions.services import Classification, bulk_register, classify

SORTS = {"number": "number", "year": "year", "title": "title", "state": "state", "submitted": "submitted_at"}

EXPORT_COLUMNS = [
    Column("编号", 8),
    Column("案由", 48),
    Column("类型", 6),
    Column("来源", 24),
    Column("领衔人", 10),
    Column("分类", 12),
    Column("状态", 10),
    Column("重点", 6),
    Column("提交时间", 18),
]


def export_submissions(request: HttpRequest) -> HttpResponse:
    params = request.GET.dict()
    qs = submission_list(request.user, params).order_by("year", "kind", "number", "pk")
    rows = (
        [
            s.number or "",
            s.title,
            s.get_kind_display(),
            s.source_label,
            s.lead_author.name,
            s.category.name if s.category else "",
            s.get_state_display(),
            "是" if s.is_key else "",
            timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "",
        ]
        for s in qs.iterator(chunk_size=2000)
    )
    filters = describe_filters(
        [
            ("状态", dict(SubmissionState.choices).get(params.get("state", ""), "")),
            ("类型", dict(SubmissionKind.choices).get(params.get("kind", ""), "")),
            ("年度", params.get("year", "")),
            ("案由含", params.get("q", "")),
            ("范围", "本人领衔" if params.get("mine") == "1" else ""),
            *describe_item_filters(params),
        ]
    )
    return xlsx_response(
        "建议提案台账.xlsx", "建议提案台账", EXPORT_COLUMNS, rows, filters=filters, user=request.user
    )


#: A search's matches counted and paged up to this many (the Excel export has every match): counting
#: the 12,732 matches of 养老服务 at national scale read each of them (156 ms on PostgreSQL).
SEARCH_CAP = 1000


def submission_list_view(request: HttpRequest) -> HttpResponse:
    if request.GET.get("export") == "xlsx":
        return export_submissions(request)
    params = request.GET.dict()
    year = params.get("year", "")
    listing = paged(
        request,
        submission_list(request.user, params),
        SORTS,
        "-submitted",
        lambda qs: figures_cache.count(request.user, qs, [int(year)] if year.isdigit() else None),
        by_ids=True,
        cap=SEARCH_CAP if params.get("q", "").strip() else None,
    )
    return render(
        request,
        "submissions/list.html",
        {
            "listing": listing,
            "states": SubmissionState.choices,
            "kinds": SubmissionKind.choices,
            "filters": request.GET,
            "can_review": can(request.user, "submission.review"),
            "can_create": can(request.user, "submission.create"),
            "can_import": can(request.user, "submission.review"),
            "statistics_filters": describe_item_filters(request.GET.dict()),
            "statistics_params": [(k, v) for k, v in request.GET.items() if k in ITEM_FILTER_KEYS],
            **_bulk_assign_context(request),
        },
    )


def _bulk_assign_context(request: HttpRequest) -> dict[str, Any]:
    """On the list of items waiting to be assigned, the office may assign several at once."""
    if request.GET.get("state") != SubmissionState.ASSIGNING or not can(request.user, "assignment.plan"):
        return {}
    return {
        "can_bulk_assign": True,
        "units": handling_units(request.user.jurisdiction_id) if request.user.jurisdiction_id else [],
    }


def _get(request: HttpRequest, pk: int) -> Submission:
    sub = submission_detail(request.user, pk)
    if sub is None:
        raise Http404
    return sub


def submission_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _get(request, pk)
    # choosing units has its own page (交办); the other acts are offered here
    actions = [t for t in available(sub, request.user) if t.action not in PLAN_ACTIONS]
    can_classify = can(request.user, "submission.classify", sub)
    return render(
        request,
        "submissions/detail.html",
        {
            "sub": sub,
            "events": timeline(sub.pk, request.user, sub),
            "actions": actions,
            "systems": System.choices,
            "reasons": rejection_reasons(sub.jurisdiction_id)
            if any(t.action == "reject" for t in actions)
            else [],
            "cosignatures": cosignature_rows(sub),
            "attachments": list(own_files(sub)),
            "can_edit": can(request.user, "submission.edit", sub) and sub.state in ("draft", "returned"),
            "can_classify": can_classify,
            "categories": Category.objects.filter(jurisdiction_id=sub.jurisdiction_id)
            if can_classify
            else [],
            "merged_items": list(sub.merged_items.select_related("lead_author")),
            "assignments": current_assignments(sub),
            "replies": sent_replies(request.user, sub),
            "can_plan": sub.state in (SubmissionState.ASSIGNING, SubmissionState.HANDLING)
            and can(request.user, "assignment.plan", sub),
        },
    )


def _merge_target(request: HttpRequest, sub: Submission) -> Submission | None:
    """The item to merge into, by its id or by its number in the same assembly, session (or year) and kind."""
    visible = scope(request.user, Submission.objects.all())
    raw_pk = request.POST.get("target", "").strip()
    raw_number = request.POST.get("target_number", "").strip().lstrip("第").rstrip("号")
    if raw_pk.isdigit():
        return visible.filter(pk=int(raw_pk)).first()
    if raw_number.isdigit():
        return visible.filter(
            assembly_id=sub.assembly_id,
            session_id=sub.session_id,
            year=sub.year,
            kind=sub.kind,
            number=int(raw_number),
        ).first()
    return None


def _action_data(request: HttpRequest, sub: Submission, action: str) -> dict[str, Any]:
    post = request.POST
    data: dict[str, Any] = {}
    if action == "send_to_system":
        data["system"] = post.get("system", "")
    elif action == "reject":
        data["reason"] = post.get("reason", "").strip()[:100]
        data["to_opinion"] = post.get("to_opinion") == "1"
    elif action == "merge":
        data["target"] = _merge_target(request, sub)
    return data


@require_POST
def submission_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sub = _get(request, pk)
    try:
        event = transition(
            sub,
            action,
            request.user,
            comment=request.POST.get("comment", ""),
            **_action_data(request, sub, action),
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.action_label}。")
    return redirect("submissions:detail", pk=sub.pk)


@require_POST
def classify_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _get(request, pk)
    if not can(request.user, "submission.classify", sub):
        raise PermissionDenied
    raw = request.POST.get("category", "")
    category = (
        Category.objects.filter(pk=int(raw), jurisdiction_id=sub.jurisdiction_id).first()
        if raw.isdigit()
        else None
    )
    try:
        changes = classify(
            sub,
            request.user,
            Classification(
                category, request.POST.get("is_key") == "1", request.POST.get("is_confidential") == "1"
            ),
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存：" + "；".join(changes) if changes else "没有变化。")
    return redirect("submissions:detail", pk=sub.pk)


@require_POST
def bulk_register_view(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "submission.review"):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    if not ids:
        messages.error(request, "请先勾选要立案的件。")
        return redirect("/submissions/?state=submitted")
    subs = scope(request.user, Submission.objects.filter(pk__in=ids)).select_related("assembly")
    done, failed = bulk_register(list(subs), request.user)
    if done:
        numbers = "、".join(f"第{s.number}号" for s in done)
        messages.success(request, f"已立案 {len(done)} 件：{numbers}。")
    for sub, reason in failed:
        messages.error(request, f"《{sub.title}》未立案：{reason}")
    missing = len(ids) - len(done) - len(failed)
    if missing:
        messages.error(request, f"{missing} 件不存在或无权处理。")
    return redirect("/submissions/?state=submitted")
