"""The caller, the categories to file under, and statistics over what the caller sees."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from banli.api.errors import responses
from banli.api.inputs import CategoryFilters, StatisticsFilters
from banli.api.pagination import paginate
from banli.api.render import ref
from banli.api.schemas import CategoryPage, MeOut, Statistics
from banli.api.selectors import category_list, statistics
from banli.core.policies import memberships_of, role_label, roles_of

router = Router(tags=["概况"])


@router.get("/me", response=responses({200: MeOut}), operation_id="get_me", summary="当前用户")
def me(request: HttpRequest) -> dict[str, Any]:
    """令牌所属的用户、角色和代表/委员身份。"""
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "roles": [
            {
                "code": r.code,
                "label": role_label(r.code),
                "jurisdiction": ref(r.jurisdiction, r.jurisdiction.name),
                "unit": ref(r.unit, r.unit.name if r.unit else None),
            }
            for r in roles_of(user)
        ],
        "memberships": [
            {"id": m.pk, "assembly": ref(m.assembly, m.assembly.name), "kind": m.assembly.kind}
            for m in memberships_of(user)
        ],
        "token_expires_at": request.api_token.expires_at,  # type: ignore[attr-defined]
    }


@router.get(
    "/categories", response=responses({200: CategoryPage}), operation_id="list_categories", summary="分类"
)
def list_categories(request: HttpRequest, filters: Query[CategoryFilters]) -> dict[str, Any]:
    """您所在行政区域的建议提案分类（提出建议时的 category_id）。"""

    def row(c: Any) -> dict[str, Any]:
        return {
            "id": c.pk,
            "name": c.name,
            "parent_id": c.parent_id,
            "jurisdiction": ref(c.jurisdiction, c.jurisdiction.name),
        }

    return paginate(category_list(request.auth, filters.q), filters, row)


@router.get(
    "/statistics", response=responses({200: Statistics}), operation_id="get_statistics", summary="统计"
)
def get_statistics(request: HttpRequest, filters: Query[StatisticsFilters]) -> dict[str, Any]:
    """您能看到的建议提案按状态、类型、年度的件数。"""
    return statistics(request.auth, filters)
