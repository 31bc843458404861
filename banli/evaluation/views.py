"""评 pages: the deputy rates replies; units write second replies and close out commitments; the registry
carries unfinished items over and runs the 回头看."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.models import Unit
from banli.core.policies import can, memberships_of, scope, unit_ids
from banli.core.workflow import WorkflowError, available, transition
from banli.evaluation.models import DimensionRating, FollowUp, ReviewCampaign, ReviewItem
from banli.evaluation.services import (
    Rating,
    carry_over,
    close_commitment,
    follow_up_of,
    rating_options,
    record_review,
    save_follow_up,
    start_review,
)
from banli.handling.models import (
    Commitment,
    CommitmentState,
    Reply,
    ReplyRecipient,
    ReplyState,
    ResultCategory,
)
from banli.submissions.policies import UNIT_ROLE_CODES


def _member_ids(request: HttpRequest) -> list[int]:
    return [m.pk for m in memberships_of(request.user)]


def mine_view(request: HttpRequest) -> HttpResponse:
    """我的答复: the replies addressed to the deputy, those to rate first."""
    rows = (
        ReplyRecipient.objects.filter(member__in=_member_ids(request), reply__state=ReplyState.SENT)
        .select_related(
            "reply__assignment__unit", "reply__result", "submission__session__assembly", "evaluation__rating"
        )
        .order_by("evaluation", "-reply__sent_at")
    )
    jurisdiction = request.user.jurisdiction_id
    return render(
        request,
        "evaluation/mine.html",
        {
            "rows": list(rows[:200]),
            "options": rating_options(jurisdiction) if jurisdiction else [],
            "dimensions": DimensionRating.choices,
        },
    )


@require_POST
def rate_view(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = (
        ReplyRecipient.objects.filter(pk=pk, member__in=_member_ids(request)).select_related("reply").first()
    )
    if recipient is None:
        raise Http404
    options = {str(o.pk): o for o in rating_options(recipient.reply.jurisdiction_id)}
    option = options.get(request.POST.get("rating", ""))
    if option is None:
        messages.error(request, "请选择评价。")
        return redirect("evaluation:mine")
    contact = request.POST.get("contact_made", "")
    rating = Rating(
        option=option,
        comment=request.POST.get("comment", ""),
        contact_made={"1": True, "0": False}.get(contact),
        attitude=request.POST.get("attitude", "")
        if request.POST.get("attitude") in DimensionRating.values
        else "",
        relevance=request.POST.get("relevance", "")
        if request.POST.get("relevance") in DimensionRating.values
        else "",
    )
    from banli.evaluation.services import evaluate

    try:
        evaluate(recipient, request.user, rating)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已评价：{option.label}。感谢您的评价。")
    return redirect("evaluation:mine")


def _reply(request: HttpRequest, pk: int) -> Reply:
    reply = (
        scope(request.user, Reply.objects.filter(pk=pk, state=ReplyState.SENT))
        .select_related("submission__session__assembly", "assignment__unit", "result")
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    """二次答复 on a reply of an item being tracked: the handler writes, the signing head sends."""
    reply = _reply(request, pk)
    history = list(FollowUp.objects.filter(reply=reply, state="sent").select_related("result"))
    current = FollowUp.objects.filter(reply=reply).exclude(state="sent").select_related("result").first()
    if request.method == "POST":
        raw = request.POST.get("result", "")
        result = ResultCategory.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        try:
            fu = follow_up_of(reply, request.user)
            save_follow_up(fu, request.user, result, request.POST.get("text", ""))
            if request.POST.get("submit") == "1":
                transition(fu, "submit", request.user)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "二次答复已提交签发。" if request.POST.get("submit") == "1" else "二次答复稿已保存。"
            )
        return redirect("evaluation:follow_up", pk=reply.pk)
    categories = list(reply.result.scheme.categories.all()) if reply.result else []
    return render(
        request,
        "evaluation/follow_up.html",
        {
            "reply": reply,
            "sub": reply.submission,
            "history": history,
            "current": current,
            "actions": available(current, request.user) if current else [],
            "may_write": can(request.user, "handling.work", reply.assignment)
            and reply.submission.state == "tracking",
            "categories": categories,
        },
    )


@require_POST
def follow_up_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    fu = scope(request.user, FollowUp.objects.filter(pk=pk)).select_related("reply", "submission").first()
    if fu is None:
        raise Http404
    try:
        transition(fu, action, request.user, comment=request.POST.get("comment", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作已完成。")
    return redirect("evaluation:follow_up", pk=fu.reply_id)


def commitments_view(request: HttpRequest) -> HttpResponse:
    """承诺事项: the unit's promises, open ones first, with 销号."""
    units = unit_ids(request.user, *UNIT_ROLE_CODES)
    qs = (
        Commitment.objects.filter(reply__assignment__unit_id__in=units)
        .select_related("reply__assignment__unit", "submission__session__assembly")
        .order_by("state", "due_on", "pk")
    )
    if request.GET.get("state") in CommitmentState.values:
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "承诺事项台账.xlsx",
            "承诺事项台账",
            COMMITMENT_COLUMNS,
            _commitment_rows(qs),
            filters=describe_filters(
                [("状态", dict(CommitmentState.choices).get(request.GET.get("state", ""), ""))]
            ),
            user=request.user,
        )
    listing = paged(request, qs, {"due": "due_on", "state": "state"}, "due")
    return render(
        request,
        "evaluation/commitments.html",
        {
            "listing": listing,
            "filters": request.GET,
            "today": timezone.localdate(),
            "states": CommitmentState.choices,
        },
    )


COMMITMENT_COLUMNS = [
    Column("件", 36),
    Column("案由", 40),
    Column("承办单位", 22),
    Column("承诺内容", 44),
    Column("完成时限", 12),
    Column("状态", 8),
    Column("逾期", 6),
    Column("销号时间", 12),
    Column("完成情况", 40),
]


def _commitment_rows(qs: QuerySet[Commitment]) -> Iterator[list[str]]:
    today = timezone.localdate()
    for c in qs.iterator(chunk_size=2000):
        yield [
            c.submission.reference,
            c.submission.title,
            c.reply.assignment.unit.name,
            c.text,
            f"{c.due_on:%Y-%m-%d}",
            c.get_state_display(),
            "是" if c.state == CommitmentState.OPEN and c.due_on < today else "",
            f"{timezone.localtime(c.closed_at):%Y-%m-%d}" if c.closed_at else "",
            c.evidence,
        ]


@require_POST
def close_commitment_view(request: HttpRequest, pk: int) -> HttpResponse:
    units = unit_ids(request.user, *UNIT_ROLE_CODES)
    commitment = (
        Commitment.objects.filter(pk=pk, reply__assignment__unit_id__in=units)
        .select_related("reply__assignment")
        .first()
    )
    if commitment is None:
        raise Http404
    try:
        close_commitment(commitment, request.user, request.POST.get("evidence", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "承诺事项已销号。")
    return redirect("evaluation:commitments")


def year_end_view(request: HttpRequest) -> HttpResponse:
    """跨年度结转 and 回头看, for the registry office."""
    if not can(request.user, "evaluation.carry_over"):
        raise PermissionDenied
    jurisdiction = request.user.jurisdiction_id
    if request.method == "POST":
        try:
            if request.POST.get("action") == "carry_over":
                year = int(request.POST.get("year", "0"))
                count = carry_over(jurisdiction, year, request.user)
                messages.success(request, f"已将{year}年未办结的 {count} 件转入{year + 1}年继续办理。")
            else:
                years = [
                    int(y)
                    for y in request.POST.get("years", "").replace("，", ",").split(",")
                    if y.strip().isdigit()
                ]
                campaign = start_review(jurisdiction, request.POST.get("title", ""), years, request.user)
                messages.success(request, f"已生成回头看清单 {campaign.items.count()} 项。")
                return redirect("evaluation:review", pk=campaign.pk)
        except (WorkflowError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "请填写有效的年度。"))
        return redirect("evaluation:year_end")
    campaigns = ReviewCampaign.objects.filter(jurisdiction_id=jurisdiction).order_by("-created_at")
    return render(
        request, "evaluation/year_end.html", {"campaigns": campaigns, "year": timezone.localdate().year}
    )


REVIEW_COLUMNS = [
    Column("编号", 8),
    Column("案由", 44),
    Column("承办单位", 22),
    Column("复查内容", 26),
    Column("复查结果", 40),
    Column("已落实", 8),
]


def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A 回头看 checklist: each unit sees its own lines and records outcomes; the registry sees all."""
    campaign = scope(request.user, ReviewCampaign.objects.filter(pk=pk)).first()
    if campaign is None:
        raise Http404
    items = (
        scope(request.user, ReviewItem.objects.filter(campaign=campaign))
        .select_related("submission__session__assembly", "unit")
        .order_by("unit__name", "submission__number")
    )
    if request.GET.get("unit", "").isdigit():
        items = items.filter(unit_id=int(request.GET["unit"]))
    if not items.exists() and not can(request.user, "evaluation.carry_over"):
        raise Http404
    if request.GET.get("export") == "xlsx":
        rows = (
            [
                i.submission.number or "",
                i.submission.title,
                i.unit.name,
                i.get_check_kind_display(),
                i.outcome,
                {True: "是", False: "否"}.get(i.resolved, ""),
            ]
            for i in items.iterator(chunk_size=1000)
        )
        unit = (
            Unit.objects.filter(pk=int(request.GET["unit"])).first()
            if request.GET.get("unit", "").isdigit()
            else None
        )
        return xlsx_response(
            f"{campaign.title}清单.xlsx",
            campaign.title,
            REVIEW_COLUMNS,
            rows,
            filters=describe_filters([("承办单位", unit.name if unit else "")]),
            user=request.user,
        )
    listing = paged(request, items, {"unit": "unit__name"}, "unit")
    mine = unit_ids(request.user, *UNIT_ROLE_CODES)
    return render(
        request,
        "evaluation/review.html",
        {"campaign": campaign, "listing": listing, "mine": mine, "filters": request.GET},
    )


@require_POST
def review_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = scope(request.user, ReviewItem.objects.filter(pk=pk)).select_related("submission", "unit").first()
    if item is None:
        raise Http404
    resolved = {"1": True, "0": False}.get(request.POST.get("resolved", ""))
    try:
        record_review(item, request.user, request.POST.get("outcome", ""), resolved)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "复查结果已记录。")
    return redirect("evaluation:review", pk=item.campaign_id)
