"""Who decides on publication and publishes the yearly reports, and which of these rows each user sees.

Publication is decided by the registry office of the item's assembly (代表工委 / 提案委) and by the
coordinating office of its system (政府办 / 党委办), the same two offices :func:`is_registry` and
:func:`is_coordinator` name for the item. The public portal uses none of this: it reads
:mod:`banli.portal.public`, which asks no user anything and shows only what is published and allowed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.core.models.org import RoleCode, UnitKind, User
from banli.core.policies import predicate, register_scope, roles_with, rule
from banli.core.selectors import hide_events
from banli.portal.models import Publication, PublicReport
from banli.submissions.policies import is_coordinator, is_registry


def _item(obj: Any) -> Any:
    """The submission a publication or a reply is about (a submission is its own item)."""
    return getattr(obj, "submission", obj)


@predicate("公开审定")
def is_publisher(user: User, obj: Any) -> str | None:
    """The registry office of the item's assembly or the coordinating office of its system."""
    if obj is None:
        return is_registry(user, None) or is_coordinator(user, None)
    item = _item(obj)
    return is_registry(user, item) or is_coordinator(user, item)


@predicate("报告发布机构")
def is_report_publisher(user: User, obj: Any) -> str | None:
    """The registry office serving the report's assembly (人大代表工委 for 人大, 提案委 for 政协)."""
    if obj is None:
        return is_registry(user, None)
    return is_registry(user, obj)


rule("publication.decide", is_publisher)
rule("report.manage", is_report_publisher)


def decidable(user: User, qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """Rows (publications, or replies with ``prefix="submission__"`` relative paths) of the items the
    user's offices decide on: the same reach as :func:`is_publisher`, as a filter."""
    cond = Q(pk__in=[])
    for role in roles_with(user, RoleCode.REGISTRY_STAFF):
        if role.unit and role.unit.kind == UnitKind.REGISTRY:
            cond |= Q(
                **{
                    f"{prefix}jurisdiction_id": role.jurisdiction_id,
                    f"{prefix}assembly__kind": role.unit.assembly_kind,
                }
            )
    for role in roles_with(user, RoleCode.COORDINATOR_STAFF):
        if role.unit and role.unit.system:
            cond |= Q(
                **{f"{prefix}jurisdiction_id": role.jurisdiction_id, f"{prefix}system": role.unit.system}
            )
    return qs.filter(cond)


@register_scope(Publication)
def visible_publications(user: User, qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return decidable(user, qs, "submission__")


@register_scope(PublicReport)
def visible_reports(user: User, qs: QuerySet[PublicReport]) -> QuerySet[PublicReport]:
    """The registry office sees the reports of its jurisdiction's assembly of its kind."""
    cond = Q(pk__in=[])
    for role in roles_with(user, RoleCode.REGISTRY_STAFF):
        if role.unit and role.unit.kind == UnitKind.REGISTRY:
            cond |= Q(jurisdiction_id=role.jurisdiction_id, assembly__kind=role.unit.assembly_kind)
    return qs.filter(cond)


@hide_events
def internal_publication_events(user: User, sub: Any) -> Q | None:
    """Preparing and editing the public version is the offices' business; everyone else reading the
    item's timeline sees only that the reply was published or withdrawn."""
    if roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF):
        return None
    return Q(workflow="publication") & ~Q(action__in=("publish", "withdraw"))
