"""账号安全: enrol and verify the second factor, change the password, see the account's security."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from banli.accounts import second_factor as sf
from banli.accounts.forms import TokenForm
from banli.accounts.gate import PASSWORD_EXPIRES, password_renewed
from banli.accounts.passwords import password_changed_at, password_expires_at, policy_text

WRONG_CODE = "动态口令不正确或已过期，请核对手机时间后输入最新的口令。多次输错将暂时无法验证。"


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("home")


def otp_setup_view(request: HttpRequest) -> HttpResponse:
    """绑定动态口令: the QR code and the secret of a new device, confirmed by its first code."""
    if sf.confirmed_device(request.user) is not None:
        if getattr(request.user, "is_verified", lambda: False)():
            messages.info(request, "您已绑定动态口令。如需更换手机，请联系安全管理员重置。")
            return redirect("accounts:security")
        return redirect(f"{reverse('accounts:otp_verify')}?next={_next(request)}")
    device = sf.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sf.confirm_enrolment(request, device, form.cleaned_data["token"]):
            messages.success(request, "动态口令已绑定，以后每次登录都需输入手机上显示的口令。")
            return redirect(_next(request))
        form.add_error("token", WRONG_CODE)
    uri = sf.otpauth_uri(device)
    context = {
        "form": form,
        "qr": sf.qr_svg(uri),
        "uri": uri,
        "secret": sf.secret_text(device),
        "required": sf.required_for(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context)


def otp_verify_view(request: HttpRequest) -> HttpResponse:
    """输入动态口令: the second step of every login of an enrolled account."""
    if sf.confirmed_device(request.user) is None:
        return redirect(f"{reverse('accounts:otp_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sf.verify(request, form.cleaned_data["token"]):
            return redirect(_next(request))
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码, also where an expired password sends the user."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        expires = self.request.session.get(PASSWORD_EXPIRES)
        context["expired"] = bool(expires) and dt.datetime.fromisoformat(expires) <= timezone.now()
        context["policy_help"] = policy_text()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_renewed(self.request, form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def security_view(request: HttpRequest) -> HttpResponse:
    """账号安全: whether a second factor is bound (and required), when the password was set and expires."""
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "device": sf.confirmed_device(user),
            "required": sf.required_for(user),
            "changed_at": password_changed_at(user),
            "expires_at": password_expires_at(user),
        },
    )
