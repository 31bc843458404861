"""Who reads the statistics, who produces the handling report and keeps the rectification list, and
which rectification lines each user sees. The figures themselves are counted over what
``core.policies.scope`` lets the user see, so a unit's dashboard counts its own items only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from banli.core.models.org import RoleCode, User
from banli.core.policies import predicate, register_scope, role_label, roles_with, rule
from banli.reports.models import RectificationItem
from banli.submissions.policies import UNIT_ROLE_CODES

READERS = (RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER, *UNIT_ROLE_CODES)


@predicate("统计查阅")
def is_statistics_reader(user: User, obj: Any) -> str | None:
    found = roles_with(user, *READERS)
    return role_label(found[0].code) if found else None


@predicate("报告编制")
def is_report_office(user: User, obj: Any) -> str | None:
    """The registry office of the report's assembly, or the coordinating office of the report's system.

    ``obj`` is a ``handling_report.ReportScope`` (jurisdiction, assembly, system); without one, any
    registry or coordinating office."""
    if obj is None:
        found = roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF)
        return role_label(found[0].code) if found else None
    for role in roles_with(user, RoleCode.REGISTRY_STAFF, jurisdiction_id=obj.jurisdiction_id):
        if role.unit and role.unit.assembly_kind == obj.assembly.kind:
            return f"{role.unit.name}工作人员"
    for role in roles_with(user, RoleCode.COORDINATOR_STAFF, jurisdiction_id=obj.jurisdiction_id):
        if role.unit and obj.system and role.unit.system == obj.system:
            return f"{role.unit.name}工作人员"
    return None


@predicate("整改清单")
def is_rectification_office(user: User, obj: Any) -> str | None:
    """The registry or a coordinating office of the jurisdiction (of the line, when given)."""
    jid = getattr(obj, "jurisdiction_id", None)
    found = roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, jurisdiction_id=jid)
    if not found:
        return None
    return f"{found[0].unit.name}工作人员" if found[0].unit else role_label(found[0].code)


@predicate("整改清单查阅")
def is_rectification_reader(user: User, obj: Any) -> str | None:
    found = roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER)
    return role_label(found[0].code) if found else None


rule("reports.statistics", is_statistics_reader)
rule("reports.rectification_view", is_rectification_reader)
rule("reports.handling_report", is_report_office)
rule("reports.rectification", is_rectification_office)


@register_scope(RectificationItem)
def visible_rectification_items(user: User, qs: QuerySet[RectificationItem]) -> QuerySet[RectificationItem]:
    """The offices and leaders of a jurisdiction see its rectification list."""
    jurisdictions = {
        r.jurisdiction_id
        for r in roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER)
    }
    return qs.filter(jurisdiction_id__in=jurisdictions)
