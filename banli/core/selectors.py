"""Reads for the shell: navigation and the timeline of an item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from banli.core.models import Event
from banli.core.models.org import RoleCode, User
from banli.core.policies import is_admin_only, memberships_of, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str

    @property
    def group(self) -> str:
        """The menu this entry sits under (empty: on the bar itself)."""
        return MENU_OF.get(self.label, "")


#: The entries gathered under a menu of the top bar, so the bar stays one line for the busiest office.
MENUS: dict[str, tuple[str, ...]] = {
    "交办": ("待交办", "调整申请", "交办清单", "交办会清单"),
    "办理": ("答复审核", "答复公开", "承诺事项"),
    "督办": ("督办", "我领办的", "对口督办", "重点督办", "考核"),
    "统计": ("统计分析", "办理情况报告", "整改清单", "跨年度与回头看"),
}
MENU_OF = {label: menu for menu, labels in MENUS.items() for label in labels}


@dataclass(frozen=True)
class NavEntry:
    """One place on the top bar: a link, or a menu of links."""

    label: str
    url: str = ""
    children: tuple[NavItem, ...] = ()


def nav_bar(items: list[NavItem]) -> list[NavEntry]:
    """The flat navigation laid out on the bar: a menu where two or more of its entries are present,
    in the place of its first entry; a lone entry stays on the bar."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.group] = counts.get(item.group, 0) + 1
    bar: list[NavEntry] = []
    placed: dict[str, int] = {}
    for item in items:
        if not item.group or counts[item.group] < 2:
            bar.append(NavEntry(item.label, item.url))
        elif item.group in placed:
            menu = bar[placed[item.group]]
            bar[placed[item.group]] = NavEntry(menu.label, "", (*menu.children, item))
        else:
            placed[item.group] = len(bar)
            bar.append(NavEntry(item.group, "", (item,)))
    return bar


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
    if RoleCode.COORDINATOR_STAFF in codes:
        items.append(NavItem("待交办", reverse("submissions:list") + "?state=assigning"))
        items.append(NavItem("调整申请", reverse("assignments:adjustments")))
        items.append(NavItem("答复审核", reverse("handling:checks")))
        items.append(NavItem("交办清单", reverse("assignments:notices")))
    if RoleCode.REGISTRY_STAFF in codes:
        items.append(NavItem("交办会清单", reverse("assignments:meeting")))
        items.append(NavItem("跨年度与回头看", reverse("evaluation:year_end")))
    if codes & {RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF}:
        items.append(NavItem("答复公开", reverse("publications:due")))
    if codes & {RoleCode.LIAISON, RoleCode.HANDLER, RoleCode.REVIEWING_HEAD, RoleCode.SIGNING_HEAD}:
        items.append(NavItem("承办件", reverse("assignments:list")))
        items.append(NavItem("承诺事项", reverse("evaluation:commitments")))
    if memberships_of(user):
        items.append(NavItem("我的答复", reverse("evaluation:mine")))
    if codes & {
        RoleCode.REGISTRY_STAFF,
        RoleCode.COORDINATOR_STAFF,
        RoleCode.LEADER,
        RoleCode.LIAISON,
        RoleCode.HANDLER,
        RoleCode.REVIEWING_HEAD,
        RoleCode.SIGNING_HEAD,
    }:
        items.append(NavItem("统计分析", reverse("reports:dashboard")))
    if codes & {RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF}:
        items.append(NavItem("办理情况报告", reverse("reports:handling_report")))
    if codes & {RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER}:
        items.append(NavItem("整改清单", reverse("reports:rectification")))
    if codes & {RoleCode.COORDINATOR_STAFF, RoleCode.REGISTRY_STAFF}:
        items.append(NavItem("督办", reverse("supervision:index")))
    if RoleCode.LEADER in codes:
        items.append(NavItem("我领办的", reverse("supervision:led")))
    if RoleCode.COMMITTEE_MEMBER in codes:
        items.append(NavItem("对口督办", reverse("supervision:field")))
    if codes & {RoleCode.LEADER, RoleCode.COMMITTEE_MEMBER} and not codes & {
        RoleCode.COORDINATOR_STAFF,
        RoleCode.REGISTRY_STAFF,
    }:
        items.append(NavItem("重点督办", reverse("supervision:topics")))
    if codes & {RoleCode.COORDINATOR_STAFF, RoleCode.REGISTRY_STAFF, RoleCode.LEADER}:
        items.append(NavItem("考核", reverse("supervision:schemes")))
    items.append(NavItem("接口令牌", reverse("api_tokens:list")))
    return items


#: Stages hide the events that are a unit's or an office's internal business (a reply's internal
#: approval, say) from the others who read an item's timeline: each filter answers what to hide from
#: a user on an item, as a Q over Event, or None.
EventFilter = Callable[[User, Any], "Q | None"]
_EVENT_FILTERS: list[EventFilter] = []


def hide_events(fn: EventFilter) -> EventFilter:
    _EVENT_FILTERS.append(fn)
    return fn


def timeline(submission_id: int, user: User | None = None, submission: Any = None) -> QuerySet[Event]:
    """Every event of an item and of its assignments, replies…, oldest first, in one query; with a user,
    without the events the stages keep from that user."""
    qs = Event.objects.filter(submission_id=submission_id)
    if user is not None:
        for fn in _EVENT_FILTERS:
            hidden = fn(user, submission)
            if hidden is not None:
                qs = qs.exclude(hidden)
    return qs.select_related("actor").order_by("created_at", "id")
