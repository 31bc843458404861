"""考核 writes: the scheme of indicators and weights, third-party assessments, excellent suggestions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.utils import timezone

from banli.core.files import store_attachment
from banli.core.models import Assembly, User
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, record
from banli.submissions.models import Submission
from banli.supervision.models import (
    AppraisalIndicator,
    AppraisalScheme,
    Assessment,
    AssessmentConclusion,
    Excellence,
    Indicator,
)
from banli.supervision.services.common import MAX_ATTACHMENT_MB, must, registered, registered_items


@dataclass
class IndicatorWeight:
    weight: int
    penalty: Decimal = Decimal(0)


@dataclass
class SchemeInput:
    year: int | None
    title: str
    weights: dict[str, IndicatorWeight]
    excellence_percent: int = 10


def _scheme_problems(data: SchemeInput) -> list[str]:
    out = []
    if not data.title.strip():
        out.append("请填写方案名称。")
    if data.year is None or not 2000 <= data.year <= 2100:
        out.append("请填写有效的考核年度。")
    if not 1 <= data.excellence_percent <= 50:
        out.append("优秀建议提案比例应在1%至50%之间。")
    unknown = set(data.weights) - set(Indicator.values)
    if unknown:
        out.append("含有未知的考核指标。")
    weights = [w for w in data.weights.values() if w.weight]
    if any(w.weight < 0 or w.weight > 100 or w.penalty < 0 for w in data.weights.values()):
        out.append("分值应在0至100之间，扣分不能为负。")
    elif sum(w.weight for w in weights) != 100:
        out.append(f"各项指标分值合计须为100分（现为{sum(w.weight for w in weights)}分）。")
    returned = data.weights.get(Indicator.RETURNED)
    if returned and returned.weight and not returned.penalty:
        out.append("请填写退回重办每次扣分。")
    return out


def save_scheme(
    actor: User, jurisdiction_id: int, data: SchemeInput, scheme: AppraisalScheme | None = None
) -> AppraisalScheme:
    """Create the year's scheme (one per jurisdiction and year) or change one: its name, the share of
    excellent items, and the indicators with their weights (weight 0 leaves an indicator out)."""
    target = scheme or AppraisalScheme(jurisdiction_id=jurisdiction_id, created_by=actor)
    must(actor, "appraisal.manage", target, "只有交办机构可以制定考核方案。")
    problems = _scheme_problems(data)
    if problems:
        raise GuardFailed(" ".join(problems))
    assert data.year is not None
    clash = AppraisalScheme.objects.filter(jurisdiction_id=target.jurisdiction_id, year=data.year)
    if target.pk:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise GuardFailed(f"{data.year}年度已有考核方案，请修改该方案。")
    with writing():
        target.year, target.title = data.year, data.title.strip()
        target.excellence_percent = data.excellence_percent
        try:
            with writing():
                target.save()
        except IntegrityError as exc:  # another clerk saved the year's scheme a moment ago
            raise GuardFailed(f"{data.year}年度已有考核方案，请修改该方案。") from exc
        target.indicators.all().delete()
        AppraisalIndicator.objects.bulk_create(
            AppraisalIndicator(scheme=target, indicator=code, weight=w.weight, penalty=w.penalty)
            for code, w in data.weights.items()
            if w.weight
        )
    return target


@dataclass
class AssessmentInput:
    assessor: str
    assessed_on: dt.date | None
    conclusion: str
    report: str
    files: Sequence[UploadedFile] = field(default_factory=list)


def record_assessment(sub: Submission, actor: User, data: AssessmentInput) -> Assessment:
    """第三方评估 of an item, recorded by the registry with the report's files; an ``assess`` event."""
    role = must(actor, "assessment.record", sub, "只有交办机构可以记录第三方评估。")
    missing = [
        label
        for label, ok in (
            ("评估机构", bool(data.assessor.strip())),
            ("评估日期", data.assessed_on is not None),
            ("评估结论", data.conclusion in AssessmentConclusion.values),
            ("评估报告", bool(data.report.strip())),
        )
        if not ok
    ]
    if missing:
        raise GuardFailed(f"请填写：{'、'.join(missing)}。")
    assert data.assessed_on is not None
    if data.assessed_on > timezone.localdate():
        raise GuardFailed("评估日期不能晚于今天。")
    if not registered(sub):
        raise GuardFailed("该件尚未立案或已不在办理中。")
    with writing():
        assessment = Assessment.objects.create(
            jurisdiction_id=sub.jurisdiction_id,
            submission=sub,
            assessor=data.assessor.strip()[:100],
            assessed_on=data.assessed_on,
            conclusion=data.conclusion,
            report=data.report.strip(),
            recorded_by=actor,
        )
        for f in data.files:
            store_attachment(assessment, actor, f, limit_mb=MAX_ATTACHMENT_MB, submission=sub)
        record(
            sub,
            "assess",
            "第三方评估",
            actor,
            role=role,
            comment=f"{assessment.assessor}：{assessment.get_conclusion_display()}",
            payload={"assessment": assessment.pk},
        )
    return assessment


@dataclass(frozen=True)
class Quota:
    """The year's excellent items of one assembly kind: registered items, the share, the places, chosen."""

    registered: int
    percent: int
    places: int
    chosen: int

    @property
    def left(self) -> int:
        return max(self.places - self.chosen, 0)


def excellence_quota(jurisdiction_id: int, assembly_kind: str, year: int) -> Quota:
    """About 10% (the year's scheme says how much) of the year's registered items, rounded half up, at
    least one where anything was registered."""
    scheme = AppraisalScheme.objects.filter(jurisdiction_id=jurisdiction_id, year=year).first()
    percent = scheme.excellence_percent if scheme else 10
    items = Submission.objects.filter(registered_items()).filter(
        jurisdiction_id=jurisdiction_id, assembly__kind=assembly_kind, year=year
    )
    count = items.count()
    places = max(1, (count * percent + 50) // 100) if count else 0
    chosen = Excellence.objects.filter(
        jurisdiction_id=jurisdiction_id, year=year, submission__assembly__kind=assembly_kind
    ).count()
    return Quota(registered=count, percent=percent, places=places, chosen=chosen)


def choose_excellent(sub: Submission, actor: User, reason: str) -> Excellence:
    """Select an item of the year as excellent (优秀建议/提案) with the reason, within the year's places;
    the author hears of it (``select_excellent`` on the item)."""
    role = must(actor, "excellence.choose", sub, "只有交办机构可以评选优秀建议提案。")
    reason = (reason or "").strip()
    if not reason:
        raise GuardFailed("请填写评选理由。")
    if not registered(sub):
        raise GuardFailed("只有已立案的件可以评为优秀。")
    with writing():
        # selections of one assembly wait for each other, so two clerks cannot both take the last place
        Assembly.objects.select_for_update().filter(pk=sub.assembly_id).first()
        if Excellence.objects.filter(submission=sub, year=sub.year).exists():
            raise GuardFailed("该件已评为优秀。")
        quota = excellence_quota(sub.jurisdiction_id, sub.assembly.kind, sub.year)
        if quota.left == 0:
            raise GuardFailed(
                f"{sub.year}年度优秀名额（立案{quota.registered}件的{quota.percent}%，共{quota.places}件）已满。"
            )
        chosen = Excellence.objects.create(
            jurisdiction_id=sub.jurisdiction_id, submission=sub, year=sub.year, reason=reason, chosen_by=actor
        )
        record(sub, "select_excellent", "评为优秀", actor, role=role, comment=reason)
    return chosen


def withdraw_excellent(chosen: Excellence, actor: User, reason: str) -> None:
    """Withdraw a selection (with the reason); the place is free again."""
    sub = chosen.submission
    role = must(actor, "excellence.choose", sub, "只有交办机构可以撤销优秀评选。")
    reason = (reason or "").strip()
    if not reason:
        raise GuardFailed("请填写撤销理由。")
    with writing():
        if not Excellence.objects.filter(pk=chosen.pk).delete()[0]:
            raise GuardFailed("该评选已被撤销。")
        record(sub, "withdraw_excellent", "撤销优秀评选", actor, role=role, comment=reason)
