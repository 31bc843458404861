"""办理 pages: the unit's workspace on an assignment (plan, contacts, opinions, the reply and its approval,
extensions), the office's checks, and the reply letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.assignments.models import Assignment
from banli.assignments.services import attach_policies
from banli.core.exports import describe_filters, xlsx_response
from banli.core.models import Member
from banli.core.policies import scope
from banli.core.workflow import WorkflowError, available, transition
from banli.handling.exports import EXTENSION_COLUMNS, REPLY_COLUMNS, extension_rows, reply_rows
from banli.handling.models import (
    ContactMethod,
    ContactPhase,
    Extension,
    ExtensionState,
    Opinion,
    ResultCategory,
)
from banli.handling.policies import is_lead_unit
from banli.handling.selectors import (
    extensions_to_decide,
    letter_recipient,
    replies_to_check,
    reply_detail,
    workspace,
)
from banli.handling.services import (
    ContactInput,
    ReplyDraft,
    add_contact,
    attach_reply_deadlines,
    opinion_of,
    request_extension,
    save_opinion,
    save_plan,
    save_reply,
)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def _workspace(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    ws = workspace(request.user, pk)
    if ws is None:
        raise Http404
    return ws


def workspace_view(request: HttpRequest, pk: int) -> HttpResponse:
    """办理: what the unit does on one assignment."""
    ws = _workspace(request, pk)
    return render(
        request,
        "handling/workspace.html",
        {
            "ws": ws,
            "a": ws.assignment,
            "sub": ws.assignment.submission,
            "methods": ContactMethod.choices,
            "phases": ContactPhase.choices,
            "today": timezone.localdate(),
        },
    )


def _done(request: HttpRequest, fn: Any, success: str) -> None:
    try:
        fn()
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


@require_POST
def plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    ws = _workspace(request, pk)
    _done(
        request,
        lambda: save_plan(ws.assignment, request.user, request.POST.get("text", "")),
        "办理方案已保存。",
    )
    return redirect("handling:workspace", pk=pk)


@require_POST
def contact_view(request: HttpRequest, pk: int) -> HttpResponse:
    ws = _workspace(request, pk)
    raw = request.POST.get("member", "")
    member = Member.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    data = ContactInput(
        method=request.POST.get("method", ""),
        phase=request.POST.get("phase", ""),
        occurred_on=_date(request.POST.get("occurred_on", "")),
        notes=request.POST.get("notes", ""),
        participants=request.POST.get("participants", ""),
        member=member,
    )
    _done(request, lambda: add_contact(ws.assignment, request.user, data), "沟通记录已保存。")
    return redirect("handling:workspace", pk=pk)


def _commitments(request: HttpRequest) -> tuple[list[tuple[str, dt.date]], list[str]]:
    rows, errors = [], []
    for text, raw in zip(
        request.POST.getlist("commitment_text"), request.POST.getlist("commitment_due"), strict=False
    ):
        if not text.strip() and not raw.strip():
            continue
        due = _date(raw)
        if due is None:
            errors.append(f"承诺事项“{text[:20]}”须填写有效的完成时限。")
        else:
            rows.append((text, due))
    return rows, errors


@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the reply draft (and, with the submit button, submit it for approval)."""
    ws = _workspace(request, pk)
    raw = request.POST.get("result", "")
    result = ResultCategory.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    commitments, errors = _commitments(request)
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect("handling:workspace", pk=pk)
    draft = ReplyDraft(
        result=result,
        text=request.POST.get("text", ""),
        contact_person=request.POST.get("contact_person", ""),
        contact_phone=request.POST.get("contact_phone", ""),
        copy_to=request.POST.get("copy_to", ""),
        commitments=commitments,
    )
    try:
        reply = save_reply(ws.assignment, request.user, draft)
        if request.POST.get("submit") == "1":
            transition(reply, "submit", request.user)
            messages.success(request, "答复已提交分管负责人审核。")
        else:
            messages.success(request, "答复稿已保存。")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("handling:workspace", pk=pk)


@require_POST
def reply_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, return, sign, send or return for rework (whatever the table allows the user)."""
    reply = reply_detail(request.user, pk)
    if reply is None:
        raise Http404
    _done(
        request,
        lambda: transition(reply, action, request.user, comment=request.POST.get("comment", "")),
        "操作已完成。",
    )
    target = request.POST.get("next", "")
    if target == "check":
        return redirect("handling:checks")
    return redirect("handling:workspace", pk=reply.assignment_id)


@require_POST
def opinion_view(request: HttpRequest, pk: int) -> HttpResponse:
    ws = _workspace(request, pk)
    post = request.POST

    def save_and_maybe_send() -> None:
        opinion = save_opinion(
            ws.assignment,
            request.user,
            post.get("text", ""),
            post.get("contact_person", ""),
            post.get("contact_phone", ""),
        )
        if post.get("send") == "1":
            transition(opinion, "send", request.user)

    _done(
        request,
        save_and_maybe_send,
        "会办意见已送主办单位。" if post.get("send") == "1" else "会办意见已保存。",
    )
    return redirect("handling:workspace", pk=pk)


@require_POST
def opinion_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The lead returns or accepts a co-handler's opinion it has received."""
    opinion = (
        scope(request.user, Opinion.objects.filter(pk=pk)).select_related("assignment__submission").first()
    )
    if opinion is None:
        raise Http404
    _done(
        request,
        lambda: transition(opinion, action, request.user, comment=request.POST.get("comment", "")),
        "操作已完成。",
    )
    return _back(request)


@require_POST
def lapse_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead records that a co-handler let its opinion's deadline pass (then it may reply)."""
    co = Assignment.objects.filter(pk=pk, role="co").select_related("submission", "unit").first()
    if co is None or not is_lead_unit(request.user, co):
        raise Http404
    _done(
        request,
        lambda: transition(
            opinion_of(co), "record_lapse", request.user, comment=request.POST.get("comment", "")
        ),
        f"已记录{co.unit.name}逾期未提出会办意见。",
    )
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("back", "")
    return redirect("handling:workspace", pk=int(back)) if back.isdigit() else redirect("assignments:list")


@require_POST
def extension_view(request: HttpRequest, pk: int) -> HttpResponse:
    ws = _workspace(request, pk)
    _done(
        request,
        lambda: request_extension(
            ws.assignment, request.user, _date(request.POST.get("until", "")), request.POST.get("reason", "")
        ),
        "延期申请已提交，等待交办单位审批。",
    )
    return redirect("handling:workspace", pk=pk)


@require_POST
def extension_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    ext = (
        scope(request.user, Extension.objects.filter(pk=pk)).select_related("assignment__submission").first()
    )
    if ext is None:
        raise Http404
    data = (
        {"until": _date(request.POST.get("until", ""))}
        if action == "grant" and request.POST.get("until")
        else {}
    )
    _done(
        request,
        lambda: transition(ext, action, request.user, comment=request.POST.get("comment", ""), **data),
        "操作已完成。",
    )
    return redirect("handling:checks")


def checks_view(request: HttpRequest) -> HttpResponse:
    """The office's desk: replies signed and waiting for review, extension requests to decide.
    ``?export=xlsx&list=replies`` exports the replies waiting, ``&list=extensions`` every extension
    request the user sees (``&state=`` to narrow)."""
    if request.GET.get("export") == "xlsx":
        return _export_checks(request)
    replies = list(replies_to_check(request.user)[:200])
    extensions = list(extensions_to_decide(request.user)[:200])
    for e in extensions:  # the grant guard reads the item through the assignment: the same object
        e.assignment.submission = e.submission
    attach_policies([r.submission for r in replies] + [e.submission for e in extensions])
    attach_reply_deadlines([e.assignment for e in extensions])
    return render(
        request,
        "handling/checks.html",
        {
            "replies": [(r, available(r, request.user)) for r in replies],
            "extensions": [(e, available(e, request.user)) for e in extensions],
        },
    )


def reply_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One reply as the office or the unit reads it, with the acts the user may take."""
    reply = reply_detail(request.user, pk)
    if reply is None:
        raise Http404
    return render(
        request,
        "handling/reply.html",
        {"reply": reply, "sub": reply.submission, "actions": available(reply, request.user)},
    )


def letter_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a reply letter (Word; PDF with ?format=pdf where LibreOffice is installed)."""
    row = letter_recipient(request.user, pk)
    if row is None:
        raise Http404
    if row.member.user_id == request.user.pk and row.read_at is None:
        type(row).objects.filter(pk=row.pk, read_at__isnull=True).update(read_at=timezone.now())
    letter = row.letter
    if request.GET.get("format") == "pdf":
        from banli.documents.pdf import to_pdf

        with letter.file.open("rb") as f:
            pdf = to_pdf(f.read())
        if pdf is None:
            messages.error(request, "本机未安装 LibreOffice，暂不能生成 PDF，请下载 Word 版本。")
            return redirect("submissions:detail", pk=row.submission_id)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = _disposition(letter.name.rsplit(".", 1)[0] + ".pdf")
        return response
    return FileResponse(
        letter.file.open("rb"), as_attachment=True, filename=letter.name, content_type=letter.mime_type
    )


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


def _export_checks(request: HttpRequest) -> HttpResponse:
    if request.GET.get("list") == "replies":
        return xlsx_response(
            "待审核答复清单.xlsx",
            "待审核答复清单",
            REPLY_COLUMNS,
            reply_rows(replies_to_check(request.user)),
            user=request.user,
        )
    if request.GET.get("list") != "extensions":
        raise Http404
    qs = (
        scope(request.user, Extension.objects.all())
        .select_related("submission", "assignment__unit", "requested_by", "decided_by")
        .order_by("requested_at", "pk")
    )
    state = request.GET.get("state", "")
    if state in ExtensionState.values:
        qs = qs.filter(state=state)
    return xlsx_response(
        "延期申请台账.xlsx",
        "延期申请台账",
        EXTENSION_COLUMNS,
        extension_rows(qs),
        filters=describe_filters([("状态", dict(ExtensionState.choices).get(state, ""))]),
        user=request.user,
    )
