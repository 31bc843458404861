"""承办件: a unit's assignments, and signing receipt."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from banli.assignments.models import Assignment, AssignmentState
from banli.assignments.selectors import assignment_list
from banli.core.lists import paged
from banli.core.policies import scope
from banli.core.workflow import WorkflowError, transition

SORTS = {"assigned": "assigned_at", "state": "state", "unit": "unit__name"}


def assignment_list_view(request: HttpRequest) -> HttpResponse:
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
