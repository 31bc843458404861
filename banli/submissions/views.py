"""Submission pages: the list, an item with its timeline, and its workflow actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from banli.core.lists import paged
from banli.core.models.org import System
from banli.core.policies import can
from banli.core.selectors import timeline
from banli.core.workflow import WorkflowError, available, transition, workflow_for
from banli.submissions.models import Submission, SubmissionKind, SubmissionState
from banli.submissions.selectors import submission_detail, submission_list

SORTS = {"number": "number", "year": "year", "title": "title", "state": "state", "submitted": "submitted_at"}


def submission_list_view(request: HttpRequest) -> HttpResponse:
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
    wf = workflow_for(sub)
    return render(
        request,
        "submissions/detail.html",
        {
            "sub": sub,
            "events": timeline(sub.pk),
            "actions": available(sub, request.user),
            "state_label": wf.state_label,
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
