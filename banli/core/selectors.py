"""Reads for the shell: navigation and the timeline of an item."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from banli.core.models import Event
from banli.core.models.org import RoleCode, User
from banli.core.policies import is_admin_only, memberships_of, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation(user: User) -> list[NavItem]:
    """The menu a user sees, derived from their roles (the policy still checks every page)."""
    items = [NavItem("工作台", reverse("home"))]
    codes = {r.code for r in roles_of(user)}
    if is_admin_only(user):
        if RoleCode.SYSTEM_ADMIN in codes or RoleCode.SECURITY_ADMIN in codes:
            items.append(NavItem("系统管理", reverse("admin:index")))
        if RoleCode.AUDITOR in codes:
            items.append(NavItem("审计日志", reverse("audit:records")))
        return items
    if memberships_of(user) or codes & {
        RoleCode.REGISTRY_STAFF,
        RoleCode.COORDINATOR_STAFF,
        RoleCode.LEADER,
    }:
        items.append(NavItem("建议提案", reverse("submissions:list")))
    if codes & {RoleCode.LIAISON, RoleCode.HANDLER, RoleCode.REVIEWING_HEAD, RoleCode.SIGNING_HEAD}:
        items.append(NavItem("承办件", reverse("assignments:list")))
    return items


def timeline(submission_id: int) -> QuerySet[Event]:
    """Every event of an item and of its assignments, replies…, oldest first, in one query."""
    return (
        Event.objects.filter(submission_id=submission_id).select_related("actor").order_by("created_at", "id")
    )
