"""接口令牌 page: a user makes and revokes their own API tokens. A new token is shown once, on the
answer to the form that made it (never stored in the session or a message)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from banli.api.tokens import LIFETIMES, MAX_LIVE, NewToken, create_token, revoke_token, tokens_of
from banli.core.workflow import WorkflowError


def _page(request: HttpRequest, new: NewToken | None = None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": list(tokens_of(request.user)),
            "new": new,
            "lifetimes": LIFETIMES.items(),
            "max_live": MAX_LIVE,
            "now": timezone.now(),
            "form": request.POST if status == 400 else {},  # refilled only to correct a refusal
        },
        status=status,
    )


@never_cache
def tokens_view(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST makes a new one and shows it this once."""
    if request.method != "POST":
        return _page(request)
    raw_days = request.POST.get("days", "")
    days = int(raw_days) if raw_days.isdigit() and len(raw_days) < 5 else 0
    try:
        new = create_token(request.user, request.POST.get("name", ""), days)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return _page(request, status=400)
    return _page(request, new)


@require_POST
def revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    try:
        revoke_token(token, request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"令牌“{token.name}”已吊销，使用它的系统将无法再访问。")
    return redirect("api_tokens:list")
