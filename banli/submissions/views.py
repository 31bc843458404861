"""Submission pages: the list, an item with its timeline, and its workflow actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.models.org import System
from banli.core.policies import can
from banli.core.selectors import timeline
from banli.core.workflow import WorkflowError, available, transition
from banli.submissions.models import Submission, SubmissionKind, SubmissionState
from banli.submissions.selectors import submission_detail, submission_list

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
        ]
    )
    return xlsx_response(
        "建议提案台账.xlsx", "建议提案台账", EXPORT_COLUMNS, rows, filters=filters, user=request.user
    )


def submission_list_view(request: HttpRequest) -> HttpResponse:
    if request.GET.get("export") == "xlsx":
        return export_submissions(request)
    listing = paged(request, submission_list(request.user, request.GET.dict()), SORTS, "-submitted")
    return render(
        request,
        "submissions/list.html",
        {
            "listing": listing,
            "states": SubmissionState.choices,
            "kinds": SubmissionKind.choices,
            "filters": request.GET,
        },
    )


def _get(request: HttpRequest, pk: int) -> Submission:
    sub = submission_detail(request.user, pk)
    if sub is None:
        raise Http404
    return sub


def submission_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _get(request, pk)
    return render(
        request,
        "submissions/detail.html",
        {
            "sub": sub,
            "events": timeline(sub.pk),
            "actions": available(sub, request.user),
            "systems": System.choices,
        },
    )


@require_POST
def submission_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sub = _get(request, pk)
    if not can(request.user, "submission.view", sub):
        raise PermissionDenied
    data = {}
    if "system" in request.POST:
        data["system"] = request.POST["system"]
    try:
        event = transition(sub, action, request.user, comment=request.POST.get("comment", ""), **data)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{event.action_label}。")
    return redirect("submissions:detail", pk=sub.pk)
