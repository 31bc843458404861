"""The shell: home page with to-do counts, and the error pages."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from banli.core.policies import memberships_of, roles_of
from banli.core.todos import todos_for


def home(request: HttpRequest) -> HttpResponse:
    """工作台: each of the user's capacities with what waits for them."""
    todos = todos_for(request.user)
    groups = [(name, list(items)) for name, items in groupby(todos, key=lambda t: t.group)]
    return render(
        request,
        "core/home.html",
        {
            "groups": groups,
            "roles": roles_of(request.user),
            "memberships": memberships_of(request.user),
        },
    )


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors may run here: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
