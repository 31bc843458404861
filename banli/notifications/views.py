"""The inbox and the channel settings: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from banli.core.lists import paged
from banli.core.policies import scope
from banli.notifications.models import EmailMode, Notification
from banli.notifications.selectors import inbox
from banli.notifications.services import (
    PreferenceError,
    mark_all_read,
    mark_read,
    preference_of,
    save_preference,
)

SORTS = {"created": "created_at"}


def _safe(request: HttpRequest, url: str, fallback: str) -> str:
    ok = url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if ok else fallback


def inbox_view(request: HttpRequest) -> HttpResponse:
    show = "unread" if request.GET.get("show") == "unread" else "all"
    listing = paged(request, inbox(request.user, show), SORTS, "-created")
    return render(request, "notifications/inbox.html", {"listing": listing, "show": show})


def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its item, marking it read on the way."""
    notification = scope(request.user, Notification.objects.filter(pk=pk)).only("pk", "url").first()
    if notification is None:
        raise Http404
    mark_read(request.user, pk)
    return redirect(_safe(request, notification.url, reverse("notifications:inbox")))


@require_POST
def read_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not mark_read(request.user, pk):
        raise Http404
    return redirect(_safe(request, request.POST.get("next", ""), reverse("notifications:inbox")))


@require_POST
def read_all_view(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect(_safe(request, request.POST.get("next", ""), reverse("notifications:inbox")))


def preferences_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    pref = preference_of(user)
    email_mode = pref.email if user.email else EmailMode.OFF
    sms = pref.sms and bool(user.mobile)
    if request.method == "POST":
        email_mode, sms = request.POST.get("email", ""), request.POST.get("sms") == "1"
        try:
            save_preference(user, email=email_mode, sms=sms)
        except PreferenceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "消息接收设置已保存。")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"email_modes": EmailMode.choices, "email_mode": email_mode, "sms": sms},
        status=400 if request.method == "POST" else 200,
    )
