"""督办 pages: the hub, an item's supervision page (urging, supervision actions), the leader's 领办 items,
the committee's 对口 items, supervision records and their files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from banli.core.exports import xlsx_of_list
from banli.core.lists import paged, wants_xlsx
from banli.core.models import RoleCode
from banli.core.policies import can, roles_with, scope
from banli.core.workflow import WorkflowError
from banli.submissions.models import Submission
from banli.supervision.exports import PROGRESS_COLUMNS, RECORD_COLUMNS, progress_rows, record_rows
from banli.supervision.models import AssessmentConclusion, KeyTopic, KeyTopicState, SupervisionKind
from banli.supervision.progress import progress_of
from banli.supervision.selectors import (
    committee_units,
    field_items,
    item_view,
    led_items,
    led_topics,
    record_file,
    record_list,
    records_of,
    this_year,
)
from banli.supervision.services import URGE_METHODS, RecordInput, record_supervision, urge

ITEM_SORTS = {"number": "number", "year": "year", "state": "state", "created": "created_at"}


def parse_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def attempt(request: HttpRequest, fn: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """Run a service; its refusal becomes an error message, its success a success message."""
    try:
        result = fn()
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def index(request: HttpRequest) -> HttpResponse:
    """督办: the sections open to the user."""
    user = request.user
    return render(
        request,
        "supervision/index.html",
        {
            "board": can(user, "supervision.board"),
            "leader": bool(roles_with(user, RoleCode.LEADER)),
            "committee": bool(roles_with(user, RoleCode.COMMITTEE_MEMBER)),
            "topics": scope(user, KeyTopic.objects.filter(state=KeyTopicState.OPEN)).count(),
            "appraisal": can(user, "appraisal.view"),
            "registry": bool(roles_with(user, RoleCode.REGISTRY_STAFF)),
        },
    )


def _item(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    view = item_view(request.user, pk)
    if view is None:
        raise Http404
    return view


def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One item's supervision: units and due dates, urging, supervision actions, topics, assessments."""
    view = _item(request, pk)
    return render(
        request,
        "supervision/item.html",
        {
            "v": view,
            "sub": view.submission,
            "methods": URGE_METHODS.items(),
            "kinds": SupervisionKind.choices,
            "conclusions": AssessmentConclusion.choices,
            "record_items": [view.submission],
            "today": timezone.localdate(),
        },
    )


@require_POST
def urge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 one unit of the item (the assignment posted)."""
    view = _item(request, pk)
    raw = request.POST.get("assignment", "")
    assignment = next(
        (u.assignment for u in view.progress.units if raw.isdigit() and u.assignment.pk == int(raw)), None
    )
    if assignment is None:
        messages.error(request, "请选择要催办的承办单位。")
    else:
        assignment.submission = view.submission
        attempt(
            request,
            lambda: urge(
                assignment,
                request.user,
                request.POST.get("message", ""),
                request.POST.get("method", "system"),
            ),
            f"已催办{assignment.unit.name}。",
        )
    return redirect("supervision:item", pk=pk)


def _posted_items(request: HttpRequest) -> list[Submission]:
    ids = [int(x) for x in request.POST.getlist("items") if x.isdigit()]
    return list(
        scope(request.user, Submission.objects.filter(pk__in=ids)).select_related(
            "assembly", "category__parent", "session__assembly"
        )
    )


@require_POST
def record_view(request: HttpRequest) -> HttpResponse:
    """Record a supervision action on the items posted (from an item's page or a topic's)."""
    topic = None
    raw_topic = request.POST.get("topic", "")
    if raw_topic.isdigit():
        topic = scope(request.user, KeyTopic.objects.filter(pk=int(raw_topic))).first()
    data = RecordInput(
        kind=request.POST.get("kind", ""),
        held_on=parse_date(request.POST.get("held_on", "")),
        notes=request.POST.get("notes", ""),
        participants=request.POST.get("participants", ""),
        items=_posted_items(request),
        topic=topic,
        files=request.FILES.getlist("files"),
    )
    attempt(request, lambda: record_supervision(request.user, data), "督办活动已记录。")
    back = request.POST.get("back", "")
    if back == "topic" and topic is not None:
        return redirect("supervision:topic", pk=topic.pk)
    if data.items:
        return redirect("supervision:item", pk=data.items[0].pk)
    return redirect("supervision:records")


RECORD_SORTS = {"held": "held_on"}


def records_view(request: HttpRequest) -> HttpResponse:
    """督办活动: every record the user may see, newest first."""
    qs = record_list(request.user, request.GET)
    if wants_xlsx(request):
        kinds = dict(SupervisionKind.choices)
        filters = [
            ("方式", kinds.get(request.GET.get("kind", ""), "")),
            ("年度", request.GET.get("year", "")),
        ]
        return xlsx_of_list(
            request,
            qs,
            RECORD_SORTS,
            "-held",
            title="督办活动台账",
            columns=RECORD_COLUMNS,
            rows=record_rows,
            filters=filters,
        )
    listing = paged(request, qs, RECORD_SORTS, "-held")
    return render(
        request,
        "supervision/records.html",
        {
            "listing": listing,
            "records": records_of(listing.page.object_list),
            "kinds": SupervisionKind.choices,
            "filters": request.GET,
        },
    )


def file_view(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a supervision record or an assessment, to those who may see it."""
    att = record_file(request.user, pk)
    if att is None:
        raise Http404
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=att.mime_type, as_attachment=True, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _item_list(
    request: HttpRequest, qs: Any, template: str, extra: dict[str, Any], title: str
) -> HttpResponse:
    """A list of items with their progress, or its Excel file (named ``title``)."""
    if wants_xlsx(request):
        filters = [
            ("年度", request.GET.get("year", "")),
            ("只看逾期", "是" if request.GET.get("overdue") == "1" else ""),
            ("只看重点", "是" if request.GET.get("key") == "1" else ""),
        ]
        return xlsx_of_list(
            request,
            qs,
            ITEM_SORTS,
            "number",
            title=title,
            columns=PROGRESS_COLUMNS,
            rows=progress_rows,
            filters=filters,
        )
    listing = paged(request, qs, ITEM_SORTS, "number")
    return render(
        request,
        template,
        {"listing": listing, "rows": progress_of(listing.items), "filters": request.GET, **extra},
    )


def led_view(request: HttpRequest) -> HttpResponse:
    """我领办的: the leader's 领办 items with their progress, and the key topics the leader supervises."""
    if not roles_with(request.user, RoleCode.LEADER):
        raise Http404
    return _item_list(
        request,
        led_items(request.user, request.GET),
        "supervision/led.html",
        {"topics": led_topics(request.user)},
        "领办件办理进度",
    )


def field_view(request: HttpRequest) -> HttpResponse:
    """对口督办: the items of the committee's field and topics, with their progress."""
    units = committee_units(request.user)
    if not units:
        raise Http404
    return _item_list(
        request,
        field_items(request.user, request.GET),
        "supervision/field.html",
        {"units": units, "year": this_year()},
        "对口督办件办理进度",
    )
