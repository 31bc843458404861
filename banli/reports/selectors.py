"""Reads for the report pages: what the report form offers a user, the scope they picked, and the
rectification lines they see (always through ``core.policies.scope``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from banli.core.models import Assembly, Jurisdiction, RoleCode, Session, User
from banli.core.models.org import System
from banli.core.policies import can, roles_with, scope
from banli.reports.handling_report import ReportScope
from banli.reports.models import RectificationItem


@dataclass
class ReportChoices:
    """What the handling-report form offers: the assemblies the user reports on, their sessions, the
    systems (a coordinating office reports on its own system only)."""

    assemblies: list[Assembly] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    systems: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def report_choices(user: User) -> ReportChoices:
    registry = roles_with(user, RoleCode.REGISTRY_STAFF)
    coordinator = roles_with(user, RoleCode.COORDINATOR_STAFF)
    jurisdictions = {r.jurisdiction_id for r in registry + coordinator}
    kinds = {r.unit.assembly_kind for r in registry if r.unit}
    assemblies = Assembly.objects.filter(jurisdiction_id__in=jurisdictions).select_related("jurisdiction")
    if not coordinator:
        assemblies = assemblies.filter(kind__in=kinds)
    choices = ReportChoices(assemblies=list(assemblies.order_by("kind", "-term", "pk")))
    choices.sessions = list(
        Session.objects.filter(assembly__in=[a.pk for a in choices.assemblies])
        .select_related("assembly")
        .order_by("-opens_on", "pk")
    )
    own = {r.unit.system for r in coordinator if r.unit and r.unit.system}
    if registry:
        choices.systems = [("", "全部系统"), *System.choices]
    else:
        choices.systems = [(v, label) for v, label in System.choices if v in own]
    years = {s.year for s in choices.sessions}
    years |= set(
        scope(user, source_items_all(choices.assemblies)).order_by().values_list("year", flat=True).distinct()
    )
    choices.years = sorted(years, reverse=True)
    return choices


def source_items_all(assemblies: list[Assembly]) -> QuerySet:
    from banli.submissions.models import Submission

    return Submission.objects.filter(assembly__in=[a.pk for a in assemblies])


def picked_scope(
    user: User, params: Mapping[str, str], choices: ReportChoices
) -> tuple[ReportScope | None, str]:
    """The report scope the form describes and the user may report on, or None with the reason."""
    if not params.get("assembly"):
        return None, ""
    assembly = next((a for a in choices.assemblies if str(a.pk) == params.get("assembly")), None)
    if assembly is None:
        return None, "请选择届次。"
    raw_session = params.get("session") or ""
    session = next(
        (s for s in choices.sessions if str(s.pk) == raw_session and s.assembly_id == assembly.pk), None
    )
    if raw_session and session is None:
        return None, "所选会议不属于该届次。"
    raw_year = (params.get("year") or "").strip()
    if session is not None:
        year = session.year
    elif raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
        year = int(raw_year)
    else:
        return None, "请选择会议，或填写年度。"
    system = params.get("system") or ""
    if system not in {v for v, _ in choices.systems}:
        return None, "请选择本单位负责的办理系统。"
    rs = ReportScope(assembly.jurisdiction, assembly, session, year, system)
    if not can(user, "reports.handling_report", rs):
        return None, "只有该届次的交办机构或该系统的协调机构可以生成办理情况报告。"
    return rs, ""


def rectification_list(user: User, params: Mapping[str, str]) -> QuerySet[RectificationItem]:
    qs = scope(user, RectificationItem.objects.all()).select_related("jurisdiction")
    raw = (params.get("year") or "").strip()
    if raw.isdigit():
        qs = qs.filter(year=int(raw))
    return qs.order_by("-year", "sort", "pk")


def rectification_years(user: User) -> list[int]:
    qs = scope(user, RectificationItem.objects.all()).order_by().values_list("year", flat=True).distinct()
    return sorted(set(qs), reverse=True)


def user_jurisdiction(user: User) -> Jurisdiction | None:
    """The jurisdiction in which the user keeps a rectification list (their office's)."""
    roles = roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF)
    preferred = [r for r in roles if r.jurisdiction_id == user.jurisdiction_id] or roles
    return preferred[0].jurisdiction if preferred else None
