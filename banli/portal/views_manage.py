"""The offices' publishing pages: sent replies due for publication (filters, select many, preview,
confirm), one reply's public version (title, passages to hide, publish, withdraw), the yearly reports."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.core.exports import Column, xlsx_of_list
from banli.core.lists import paged, wants_xlsx
from banli.core.models import Assembly, Unit
from banli.core.models.org import RoleCode, UnitKind
from banli.core.policies import can, roles_with
from banli.core.workflow import WorkflowError, available
from banli.handling.models import Reply, ResultCategory
from banli.portal import redaction
from banli.portal.models import Publication, PublicationState
from banli.portal.selectors import (
    SORTS,
    STATUSES,
    DueFilters,
    blocked,
    due_replies,
    publication_detail,
    reply_for_publishing,
    reports_for,
)
from banli.portal.services import (
    EDITABLE,
    add_report,
    build,
    preview,
    publication_problems,
    publish_many,
    save_public_version,
    set_report_published,
    withdraw,
)
from banli.portal.views import disposition


def _office(request: HttpRequest) -> None:
    if not can(request.user, "publication.decide"):
        raise PermissionDenied("只有交办机构或协调机构可以决定答复公开。")


def _ids(raw: list[str]) -> list[int]:
    return [int(v) for v in raw if v.isdigit() and len(v) < 12]


DUE_COLUMNS = [
    Column("件", 30),
    Column("案由", 40),
    Column("承办单位", 22),
    Column("办理结果", 14),
    Column("答复日期", 12),
    Column("公开期限", 12),
    Column("逾期", 6),
    Column("公开状态", 10),
]


def _due_rows(qs: QuerySet[Reply]) -> Iterator[list[str]]:
    """The rows of the 答复公开 list as the page shows them, read 2,000 at a time."""
    today = timezone.localdate()
    for reply in qs.iterator(chunk_size=2000):
        is_blocked = blocked(reply)
        pub = getattr(reply, "publication", None)
        done = pub is not None and pub.state in (PublicationState.PUBLISHED, PublicationState.WITHDRAWN)
        state = "不得公开" if is_blocked else (pub.get_state_display() if pub else "待公开")
        yield [
            reply.submission.reference,
            reply.submission.title,
            reply.assignment.unit.name,
            str(reply.result or "—"),
            f"{timezone.localtime(reply.sent_at):%Y-%m-%d}" if reply.sent_at else "",
            f"{reply.due_on:%Y-%m-%d}" if reply.due_on else "",
            "是" if reply.due_on and reply.due_on < today and not done and not is_blocked else "",
            state,
        ]


def due_view(request: HttpRequest) -> HttpResponse:
    """答复公开: the sent replies, by default those still to publish, soonest due first."""
    _office(request)
    filters = DueFilters.parse(request.GET)
    if wants_xlsx(request):
        described = [
            ("公开状态", STATUSES[filters.status]),
            ("年度", str(filters.year or "")),
            ("案由关键词", filters.q),
        ]
        return xlsx_of_list(
            request,
            due_replies(request.user, filters),
            SORTS,
            "due",
            title="答复公开台账",
            columns=DUE_COLUMNS,
            rows=_due_rows,
            filters=described,
        )
    listing = paged(request, due_replies(request.user, filters), SORTS, "due")
    jurisdictions = {
        r.jurisdiction_id
        for r in roles_with(request.user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF)
    }
    rows = [(reply, blocked(reply)) for reply in listing.items]
    return render(
        request,
        "portal/manage/due.html",
        {
            "listing": listing,
            "rows": rows,
            "filters": filters,
            "statuses": STATUSES.items(),
            "units": Unit.objects.filter(jurisdiction_id__in=jurisdictions, kind=UnitKind.HANDLING).order_by(
                "sort", "name"
            ),
            "results": ResultCategory.objects.filter(
                Q(scheme__jurisdiction__isnull=True) | Q(scheme__jurisdiction_id__in=jurisdictions)
            )
            .select_related("scheme")
            .order_by("scheme__sort", "scheme_id", "sort"),
            "today": timezone.localdate(),
            "may_publish_reports": can(request.user, "report.manage"),
        },
    )


@require_POST
def preview_view(request: HttpRequest) -> HttpResponse:
    """The public versions of the selected replies as the portal would show them, and the confirmation."""
    _office(request)
    try:
        rows, token = preview(request.user, _ids(request.POST.getlist("replies")))
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("publications:due")
    ready = all(not row.problems for row in rows)
    return render(request, "portal/manage/preview.html", {"rows": rows, "token": token, "ready": ready})


@require_POST
def publish_view(request: HttpRequest) -> HttpResponse:
    """确认公开: all the previewed replies, or none."""
    _office(request)
    try:
        pubs = publish_many(
            request.user, _ids(request.POST.getlist("replies")), request.POST.get("token", "")
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("publications:due")
    messages.success(request, f"已公开答复 {len(pubs)} 件。")
    return redirect(reverse("publications:due") + "?status=published")


def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One reply's public version: what is hidden and why, the public title and text, and the acts."""
    _office(request)
    reply = reply_for_publishing(request.user, pk)
    if reply is None:
        raise Http404
    pub = Publication.objects.filter(reply=reply).first()
    if request.method == "POST":
        phrases = request.POST.get("phrases", "").splitlines()
        try:
            save_public_version(reply, request.user, request.POST.get("title", ""), phrases)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "公开稿已保存。")
        return redirect("publications:edit", pk=reply.pk)
    saved = pub is not None
    if pub is None:
        pub = build(reply, request.user)
    pub.reply = reply
    spans = [redaction.Span.from_list(row) for row in pub.redactions]
    return render(
        request,
        "portal/manage/edit.html",
        {
            "reply": reply,
            "sub": reply.submission,
            "pub": pub,
            "saved": saved,
            "pieces": redaction.pieces(reply.text, spans),
            "phrases_text": "\n".join(pub.phrases),
            "kinds": redaction.KINDS,
            "problems": publication_problems(pub),
            "editable": pub.state in EDITABLE,
            "actions": available(pub, request.user) if saved else [],
            "published": pub.state == PublicationState.PUBLISHED,
        },
    )


@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    pub = publication_detail(request.user, pk)
    if pub is None:
        raise Http404
    try:
        withdraw(pub, request.user, request.POST.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回公开，该答复不再在公开平台显示。")
    return redirect("publications:edit", pk=pub.reply_id)


# ---- reports -------------------------------------------------------------------------------------------


def _registry(request: HttpRequest) -> None:
    if not can(request.user, "report.manage"):
        raise PermissionDenied("只有交办机构可以发布办理情况报告。")


def reports_view(request: HttpRequest) -> HttpResponse:
    """办理情况报告: upload a Word or PDF file, publish it on the portal or take it off."""
    _registry(request)
    kinds = {
        (r.jurisdiction_id, r.unit.assembly_kind)
        for r in roles_with(request.user, RoleCode.REGISTRY_STAFF)
        if r.unit and r.unit.kind == UnitKind.REGISTRY
    }
    assemblies = [
        a
        for a in Assembly.objects.filter(jurisdiction_id__in={j for j, _ in kinds}).order_by("kind", "-term")
        if (a.jurisdiction_id, a.kind) in kinds
    ]
    if request.method == "POST":
        chosen = next((a for a in assemblies if str(a.pk) == request.POST.get("assembly")), None)
        upload = request.FILES.get("file")
        raw_year = request.POST.get("year", "").strip()
        try:
            if chosen is None:
                raise WorkflowError("请选择人大或政协届次。")
            add_report(
                request.user,
                chosen,
                int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else None,
                request.POST.get("title", ""),
                upload.read() if upload else b"",
                upload.name if upload else "",
            )
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "报告已上传，发布后即在公开平台显示。")
        return redirect("publications:reports")
    return render(
        request,
        "portal/manage/reports.html",
        {
            "reports": list(reports_for(request.user)),
            "assemblies": assemblies,
            "year": timezone.localdate().year - 1,
        },
    )


@require_POST
def report_publish_view(request: HttpRequest, pk: int, published: bool) -> HttpResponse:
    _registry(request)
    report = reports_for(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404
    try:
        set_report_published(report, request.user, published)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "报告已发布。" if published else "报告已取消发布。")
    return redirect("publications:reports")


def report_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    _registry(request)
    report = reports_for(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404
    response = FileResponse(report.file.open("rb"), content_type=report.mime_type)
    response["Content-Disposition"] = disposition(report.file_name)
    return response
