"""The second factor (TOTP, django-otp): who must have one, enrolment and verification.

Required for staff of the offices (交办机构、协调机构), the three administrators, every admin-site
account and superusers; optional for everyone else (deputies may enrol on 账号安全). Whoever has a
confirmed device is asked for a code at every login, required or not. Demo accounts are spared only
while ``BANLI_DEMO=1``.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from banli.accounts.passwords import is_demo_exempt
from banli.audit.log import audit
from banli.audit.models import AuditAction
from banli.core.models.org import ADMIN_ROLES, RoleCode
from banli.core.policies import roles_of
from banli.core.transactions import writing

#: Roles whose holders must use a second factor.
REQUIRED_ROLES = {RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, *ADMIN_ROLES}
DEVICE_NAME = "动态口令"


def required_for(user: Any) -> bool:
    """Must this account use a second factor (whether or not it has one yet)?"""
    if user.is_superuser or user.is_staff:
        return True
    return any(r.code in REQUIRED_ROLES for r in roles_of(user))


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def needs_verification(user: Any) -> bool:
    """Is a code asked for at login: required, or enrolled by choice; never for a demo account in demo mode."""
    if is_demo_exempt(user):
        return False
    return required_for(user) or confirmed_device(user) is not None


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled (unconfirmed), created with a fresh secret if there is none."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def otpauth_uri(device: TOTPDevice) -> str:
    return device.config_url


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, drawn here (no network, no image service)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, dark="#212529", light="#ffffff", title="动态口令二维码"
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 (what authenticator apps take by hand), in groups of four."""
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isdigit())


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device with a first correct code; marks the session verified.

    Writes the device (confirmed), an audit record (``otp_enrolled``) and removes other unconfirmed
    devices of the account. A wrong code changes nothing but the device's throttle and is audited.
    """
    allowed, _ = device.verify_is_allowed()
    if not allowed or not device.verify_token(_clean(token)):
        audit(AuditAction.OTP_FAILED, request.user, detail={"stage": "enrol"})  # type: ignore[arg-type]
        return False
    with writing():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
        audit(AuditAction.OTP_ENROLLED, request.user, detail={"device": device.pk})  # type: ignore[arg-type]
    otp_login(request, device)
    return True


def verify(request: HttpRequest, token: str) -> bool:
    """Check a code against the account's confirmed device; on success the session is verified.

    Each attempt is audited; django-otp throttles repeated failures (growing delays).
    """
    device = confirmed_device(request.user)
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(_clean(token)):
        otp_login(request, device)
        audit(AuditAction.OTP_VERIFIED, request.user, detail={"device": device.pk})  # type: ignore[arg-type]
        return True
    audit(
        AuditAction.OTP_FAILED,
        request.user,  # type: ignore[arg-type]
        detail={"stage": "verify", "throttled": not allowed},
    )
    return False


def enforced() -> bool:
    return bool(getattr(settings, "BANLI_OTP_ENFORCED", True))
