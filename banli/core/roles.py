"""三员分立: the rules that keep the three administrators apart from each other and from the business.

An account holding one of 系统管理员, 安全管理员, 审计管理员 holds no other role (neither another
administrator's nor a business role) and is no deputy or member. Enforced when a role or a membership is
saved (:meth:`Role.save`, :meth:`Member.save`, and so in the admin, the shell and every service) with a
Chinese message. Administrators get the admin site's ``is_staff`` from their role; what they may do there
comes from the role too (:mod:`banli.accounts.backends`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from banli.core.models.org import ADMIN_ROLES, RoleCode

ADMIN_CODES = {str(c) for c in ADMIN_ROLES}


def _label(code: str) -> str:
    return str(RoleCode(code).label)


def separation_error(code: str, others: Iterable[str], *, is_member: bool = False) -> str | None:
    """Why an account holding ``others`` (and a deputy's or member's profile if ``is_member``) cannot
    also hold ``code``; None when it can."""
    others = {str(o) for o in others} - {code}
    held_admin = sorted(others & ADMIN_CODES)
    if code in ADMIN_CODES:
        if held_admin:
            return (
                f"三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任，"
                f"该账号已是{_label(held_admin[0])}，不能再担任{_label(code)}。"
            )
        if others:
            names = "、".join(_label(o) for o in sorted(others))
            return f"三员分立：{_label(code)}不得兼任业务角色，该账号已担任{names}。"
        if is_member:
            return f"三员分立：{_label(code)}不得由人大代表或政协委员的账号担任。"
    elif held_admin:
        return f"三员分立：该账号是{_label(held_admin[0])}，不得兼任业务角色“{_label(code)}”。"
    return None


def check_role(role: Any) -> None:
    """Raise ValidationError when saving ``role`` would break 三员分立 (one query each for roles and
    memberships of the account)."""
    from banli.core.models import Member, Role

    if not role.user_id or not role.code:
        return
    others = Role.objects.filter(user_id=role.user_id).exclude(pk=role.pk).values_list("code", flat=True)
    is_member = role.code in ADMIN_CODES and Member.objects.filter(user_id=role.user_id).exists()
    error = separation_error(role.code, others, is_member=is_member)
    if error:
        raise ValidationError({"code": error})


def check_member(member: Any) -> None:
    """Raise ValidationError when ``member`` links a deputy's profile to an administrator's account."""
    from banli.core.models import Role

    if not member.user_id:
        return
    held = sorted(
        set(Role.objects.filter(user_id=member.user_id, code__in=ADMIN_CODES).values_list("code", flat=True))
    )
    if held:
        raise ValidationError(
            {"user": f"三员分立：该账号是{_label(held[0])}，不能作为人大代表或政协委员的账号。"}
        )


def sync_staff(user_id: int) -> None:
    """An account may enter the admin site exactly while it holds an administrator's role (superusers
    always may). Saved through the model, so the change is audited."""
    from banli.core.models import Role, User

    user = User.objects.filter(pk=user_id).first()
    if user is None or user.is_superuser:
        return
    wanted = Role.objects.filter(user_id=user_id, code__in=ADMIN_CODES).exists()
    if user.is_staff != wanted:
        user.is_staff = wanted
        user.save(update_fields=["is_staff"])
