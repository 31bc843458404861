"""Writes of the reports app: the rectification list's lines (整改清单). Each act is logged as an event
on the line (who, in which capacity, what it says), so the list's history can be audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from banli.core.models import User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, record
from banli.reports.models import RectificationItem

MAX_LENGTHS = {"aspect": 200, "responsible": 200, "period": 60}
LABELS = {
    "aspect": "主要方面",
    "problem": "重点问题",
    "advice": "意见建议",
    "measures": "整改措施",
    "responsible": "责任单位",
    "period": "整改期限",
}


@dataclass
class RectificationInput:
    year: int | None
    aspect: str
    problem: str
    advice: str
    measures: str
    responsible: str
    period: str
    sort: int = 0

    def cleaned(self) -> RectificationInput:
        """The input trimmed; raises ``GuardFailed`` (Chinese, listing every problem) when incomplete."""
        data = RectificationInput(
            **{k: v.strip() if isinstance(v, str) else v for k, v in asdict(self).items()}
        )
        problems = [f"请填写{label}" for key, label in LABELS.items() if not getattr(data, key)]
        problems += [
            f"{LABELS[key]}不能超过{n}个字" for key, n in MAX_LENGTHS.items() if len(getattr(data, key)) > n
        ]
        if data.year is None or not 2000 <= data.year <= 2100:
            problems.insert(0, "请填写有效的年度")
        if problems:
            raise GuardFailed("；".join(problems) + "。")
        return data


def _must(actor: User, jurisdiction_id: int) -> str:
    role = capacity(actor, "reports.rectification", RectificationItem(jurisdiction_id=jurisdiction_id))
    if role is None:
        raise NotAllowed("只有交办机构或协调机构可以维护整改清单。")
    return role


def save_rectification_item(
    actor: User, jurisdiction_id: int, data: RectificationInput, item: RectificationItem | None = None
) -> RectificationItem:
    """Add a line to the jurisdiction's rectification list, or change ``item``; logs the act."""
    if item is not None:
        jurisdiction_id = item.jurisdiction_id
    role = _must(actor, jurisdiction_id)
    clean = data.cleaned()
    fields = asdict(clean)
    with writing():
        if item is None:
            item = RectificationItem.objects.create(
                jurisdiction_id=jurisdiction_id, created_by=actor, updated_by=actor, **fields
            )
            action, label = "rectification_add", "新增整改事项"
        else:
            for key, value in fields.items():
                setattr(item, key, value)
            item.updated_by = actor
            item.save()
            action, label = "rectification_edit", "修改整改事项"
        record(item, action, label, actor, role=role, comment=clean.problem[:200], payload=fields)
    return item


def delete_rectification_item(actor: User, item: RectificationItem) -> None:
    """Remove a line; the event keeps what it said."""
    role = _must(actor, item.jurisdiction_id)
    with writing():
        record(
            item,
            "rectification_delete",
            "删除整改事项",
            actor,
            role=role,
            comment=item.problem[:200],
            payload={"year": item.year, "aspect": item.aspect, "responsible": item.responsible},
        )
        item.delete()
