"""The statistics' filters on a list of items: ``submissions.selectors.submission_list`` applies them, so
the link behind every figure of a dashboard lists exactly the items that figure counted.

Parameters (all optional; an unknown value is ignored, as on every list):

| parameter | values | items |
|---|---|---|
| ``registered`` | ``1`` | counted items (立案件, see ``measures``) |
| ``assembly`` | id | of that assembly (届) |
| ``session`` | id, ``none`` | of that session; ``none``: submitted between sessions |
| ``category`` / ``system`` / ``mode`` | id / value, ``none`` | by category, handling system, handling mode |
| ``kind``, ``year``, ``state``, ``q`` | | handled by ``submission_list`` itself |
| ``key`` | ``1`` | key items (重点) |
| ``multi`` | ``1``, ``0`` | handled by several units / by one |
| ``result`` | category id, ``none`` | by current result; ``none``: not answered yet |
| ``semantic`` | type, ``addressed``, ``none`` | by the current result's semantic type; ``addressed``: solved, in progress or planned |
| ``timely`` | ``answered``, ``on_time``, ``late``, ``pending``, ``overdue`` | answered / on time / late / not yet / not yet and past due |
| ``rating`` | option id, ``none``, ``any`` | by the lead author's latest rating; ``any``: evaluated |
| ``satisfied`` | ``1``, ``0`` | that rating counts as satisfied / does not |
| ``unit`` | id | handled by that unit (formal assignment) |
| ``unit_role`` | ``answering``, ``co`` | … as an answering unit / as co-handler |
| ``unit_result``, ``unit_timely``, ``unit_rating`` | as above | the unit's own reply's result, timeliness, rating |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.utils import timezone

from banli.handling.models import SOLVED_OR_PLANNED, SemanticType
from banli.reports import measures as m
from banli.reports import summary
from banli.submissions.models import HandlingMode

TIMELY = {
    "answered": "已答复",
    "on_time": "按期答复",
    "late": "逾期答复",
    "pending": "尚未答复",
    "overdue": "尚未答复且已逾期",
}
UNIT_ROLES = {"answering": "主办/单独/分别办理", "co": "会办"}
ADDRESSED = "addressed"
#: The parameters this module reads (the list keeps them through its own filter form).
ITEM_FILTER_KEYS = (
    "registered",
    "assembly",
    "session",
    "category",
    "system",
    "mode",
    "key",
    "multi",
    "result",
    "semantic",
    "timely",
    "rating",
    "satisfied",
    "unit",
    "unit_role",
    "unit_result",
    "unit_timely",
    "unit_rating",
)
#: The parameters that read the summary table (the others filter the items' own columns).
SUMMARY_KEYS = ("multi", "result", "semantic", "timely", "rating", "satisfied", "unit")


def _id(params: Mapping[str, str], key: str) -> int | None:
    raw = (params.get(key) or "").strip()
    return int(raw) if raw.isdigit() else None


def _nullable_fk(qs: QuerySet, params: Mapping[str, str], key: str, field: str) -> QuerySet:
    if params.get(key) == "none":
        return qs.filter(**{f"{field}__isnull": True})
    if params.get(key) == "any":
        return qs.filter(**{f"{field}__isnull": False})
    value = _id(params, key)
    return qs.filter(**{field: value}) if value is not None else qs


def _timely(value: str, prefix: str, today: dt.date) -> Q | None:
    """The condition of a ``timely`` value on a measures row (``prefix`` as in ``summary.late``)."""
    answered = Q(**{f"{prefix}answered": True})
    return {
        "answered": answered,
        "on_time": answered & summary.not_late(today, prefix),
        "late": answered & summary.late(today, prefix),
        "pending": Q(**{f"{prefix}answered": False}),
        "overdue": Q(**{f"{prefix}answered": False}) & summary.late(today, prefix),
    }.get(value)


def apply_item_filters(qs: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """Narrow a queryset of submissions by the statistics' parameters (see the module docstring), on
    the summary table (``reports.summary``) as the dashboards count them."""
    if any(params.get(k) for k in SUMMARY_KEYS):
        summary.flush()
    today = timezone.localdate()
    if params.get("registered") == "1":
        qs = qs.filter(m.counted_filter())
    if (assembly := _id(params, "assembly")) is not None:
        qs = qs.filter(assembly_id=assembly)
    qs = _nullable_fk(qs, params, "session", "session_id")
    qs = _nullable_fk(qs, params, "category", "category_id")
    system = params.get("system") or ""
    if system == "none":
        qs = qs.filter(system="")
    elif system:
        qs = qs.filter(system=system)
    mode = params.get("mode") or ""
    if mode == "none":
        qs = qs.filter(handling_mode="")
    elif mode in HandlingMode.values:
        qs = qs.filter(handling_mode=mode)
    if params.get("key") == "1":
        qs = qs.filter(is_key=True)
    if params.get("multi") == "1":
        qs = qs.filter(measures__unit_count__gt=1)
    elif params.get("multi") == "0":
        qs = qs.filter(measures__unit_count__lte=1)
    if params.get("result"):
        qs = _nullable_fk(qs, params, "result", "measures__result_id")
    semantic = params.get("semantic") or ""
    if semantic == "none":
        qs = qs.filter(measures__result__isnull=True)
    elif semantic == ADDRESSED:
        qs = qs.filter(measures__result__semantic_type__in=SOLVED_OR_PLANNED)
    elif semantic in SemanticType.values:
        qs = qs.filter(measures__result__semantic_type=semantic)
    if (timely := _timely(params.get("timely") or "", "measures__", today)) is not None:
        qs = qs.filter(timely)
    if params.get("rating"):
        qs = _nullable_fk(qs, params, "rating", "measures__rating_id")
    if params.get("satisfied") in ("1", "0"):
        qs = qs.filter(measures__rating__satisfied=params["satisfied"] == "1")
    if (unit := _id(params, "unit")) is not None:
        qs = qs.filter(_unit_condition(unit, params, today))
    return qs


def _unit_condition(unit: int, params: Mapping[str, str], today: dt.date) -> Q:
    """The unit's own row of the summary table, with every unit parameter on that same row (one join;
    each condition positive, so none of them is moved to a subquery about another row)."""
    p = "unit_measures__"
    role = params.get("unit_role")
    held = {
        "answering": Q(unit_measures__answering=True),
        "co": Q(unit_measures__co=True),
    }.get(role or "", Q(unit_measures__answering=True) | Q(unit_measures__co=True))
    condition = Q(unit_measures__unit_id=unit) & held
    if params.get("unit_result") == "none":
        condition &= Q(unit_measures__answered=False)
    elif (result := _id(params, "unit_result")) is not None:
        condition &= Q(unit_measures__result_id=result)
    if (timely := _timely(params.get("unit_timely") or "", p, today)) is not None and (
        params["unit_timely"] != "overdue"
    ):
        condition &= Q(unit_measures__answering=True) & timely
    if params.get("unit_rating") == "none":
        condition &= Q(unit_measures__rating__isnull=True)
    elif (rating := _id(params, "unit_rating")) is not None:
        condition &= Q(unit_measures__rating_id=rating)
    return condition


def describe_item_filters(params: Mapping[str, str]) -> list[tuple[str, str]]:
    """The statistics' filters in words, for the list's banner and the ledger's header block."""
    from banli.core.models import Assembly, Category, Session, Unit
    from banli.core.models.org import System
    from banli.evaluation.models import RatingOption
    from banli.handling.models import ResultCategory

    def name(model: type, key: str, none: str = "") -> str:
        if params.get(key) == "none":
            return none
        pk = _id(params, key)
        found = model.objects.filter(pk=pk).first() if pk is not None else None
        return str(found) if found else ""

    def session_name() -> str:
        if params.get("session") == "none":
            return "闭会期间"
        pk = _id(params, "session")
        found = Session.objects.select_related("assembly").filter(pk=pk).first() if pk else None
        return found.full_name if found else ""

    semantic = params.get("semantic") or ""
    semantic_text = {
        ADDRESSED: "已解决、正在解决或列入计划",
        "none": "尚未答复",
        **dict(SemanticType.choices),
    }.get(semantic, "")
    system = params.get("system") or ""
    pairs = [
        ("范围", "立案件" if params.get("registered") == "1" else ""),
        ("届次", name(Assembly, "assembly")),
        ("会议", session_name()),
        ("分类", name(Category, "category", "未分类")),
        ("办理系统", "未定" if system == "none" else dict(System.choices).get(system, "")),
        ("办理方式", dict(HandlingMode.choices).get(params.get("mode") or "", "")),
        ("重点", "重点件" if params.get("key") == "1" else ""),
        ("承办单位数", {"1": "多个单位", "0": "一个单位"}.get(params.get("multi") or "", "")),
        ("办理结果", name(ResultCategory, "result", "尚未答复")),
        ("结果类型", semantic_text),
        ("答复时效", TIMELY.get(params.get("timely") or "", "")),
        ("评价", "已评价" if params.get("rating") == "any" else name(RatingOption, "rating", "尚未评价")),
        ("满意", {"1": "满意（含基本满意）", "0": "不满意"}.get(params.get("satisfied") or "", "")),
        ("承办单位", name(Unit, "unit")),
    ]
    if _id(params, "unit") is not None:
        pairs += [
            ("承办方式", UNIT_ROLES.get(params.get("unit_role") or "", "")),
            ("本单位办理结果", name(ResultCategory, "unit_result", "尚未答复")),
            ("本单位答复时效", TIMELY.get(params.get("unit_timely") or "", "")),
            ("本单位评价", name(RatingOption, "unit_rating", "尚未评价")),
        ]
    return [(label, value) for label, value in pairs if value]
