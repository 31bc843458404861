"""Permission ``submission.import`` on an :class:`~banli.core.models.Assembly`: who may import paper items.

Registry staff of that assembly's jurisdiction whose office serves that kind of assembly (人大 or 政协).
The rule is registered when the package is imported (``banli.submissions.paper`` imports this module).
"""

from __future__ import annotations

from typing import Any

from banli.core.models.org import RoleCode, UnitKind, User
from banli.core.policies import predicate, roles_with, rule


@predicate("本届交办机构")
def is_assembly_registry(user: User, assembly: Any) -> str | None:
    """Registry staff whose office serves this assembly's kind in its jurisdiction (obj: an Assembly)."""
    roles = roles_with(
        user, RoleCode.REGISTRY_STAFF, jurisdiction_id=getattr(assembly, "jurisdiction_id", None)
    )
    for role in roles:
        if role.unit is None or role.unit.kind != UnitKind.REGISTRY:
            continue
        if assembly is None:
            return "交办机构工作人员"
        if role.unit.assembly_kind == assembly.kind:
            return f"{role.unit.name}工作人员"
    return None


rule("submission.import", is_assembly_registry)
