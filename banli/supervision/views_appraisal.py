"""考核 pages: the schemes, the ranking with its Excel, a unit's score item by item, third-party
assessments, and the selection of excellent suggestions and proposals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from banli.core.exports import Column, describe_filters, xlsx_of_list, xlsx_response
from banli.core.lists import paged, wants_xlsx
from banli.core.models import RoleCode
from banli.core.policies import can, roles_with, scope, unit_ids
from banli.submissions.models import Submission, SubmissionState
from banli.submissions.policies import UNIT_ROLE_CODES
from banli.supervision.appraisal import appraise
from banli.supervision.exports import ASSESSMENT_COLUMNS, assessment_rows
from banli.supervision.models import (
    AppraisalScheme,
    Assessment,
    AssessmentConclusion,
    Excellence,
    Indicator,
)
from banli.supervision.models.appraisal import DEFAULT_WEIGHTS
from banli.supervision.selectors import files_of, this_year
from banli.supervision.services import (
    AssessmentInput,
    IndicatorWeight,
    SchemeInput,
    choose_excellent,
    excellence_quota,
    record_assessment,
    save_scheme,
    withdraw_excellent,
)
from banli.supervision.services.common import NOT_IN_HANDLING
from banli.supervision.views import attempt, parse_date


def schemes_view(request: HttpRequest) -> HttpResponse:
    schemes = list(scope(request.user, AppraisalScheme.objects.all()).prefetch_related("indicators"))
    return render(
        request,
        "supervision/schemes.html",
        {"schemes": schemes, "may_manage": can(request.user, "appraisal.manage")},
    )


def _weights(request: HttpRequest) -> dict[str, IndicatorWeight]:
    out = {}
    for code in Indicator.values:
        raw = request.POST.get(f"weight_{code}", "0").strip() or "0"
        try:
            penalty = Decimal(request.POST.get(f"penalty_{code}", "0").strip() or "0")
        except InvalidOperation:
            penalty = Decimal(-1)
        out[code] = IndicatorWeight(int(raw) if raw.lstrip("-").isdigit() else -1, penalty)
    return out


def scheme_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """制定 or 修改 a scheme: its year, name, the share of excellent items and each indicator's weight."""
    scheme = scope(request.user, AppraisalScheme.objects.filter(pk=pk)).first() if pk else None
    if pk and scheme is None:
        raise Http404
    jid = scheme.jurisdiction_id if scheme else request.user.jurisdiction_id
    if jid is None or not can(
        request.user, "appraisal.manage", scheme or AppraisalScheme(jurisdiction_id=jid)
    ):
        raise PermissionDenied("只有交办机构可以制定考核方案。")
    if request.method == "POST":
        year, percent = request.POST.get("year", ""), request.POST.get("excellence_percent", "")
        data = SchemeInput(
            year=int(year) if year.isdigit() else None,
            title=request.POST.get("title", ""),
            weights=_weights(request),
            excellence_percent=int(percent) if percent.isdigit() else 0,
        )
        saved: list[AppraisalScheme] = []
        if attempt(
            request, lambda: saved.append(save_scheme(request.user, jid, data, scheme)), "考核方案已保存。"
        ):
            return redirect("supervision:ranking", pk=saved[0].pk)
    current = {i.indicator: i for i in scheme.indicators.all()} if scheme else {}
    rows = [
        (
            code,
            label,
            current[code].weight if code in current else (0 if scheme else DEFAULT_WEIGHTS[code][0]),
            current[code].penalty if code in current else DEFAULT_WEIGHTS[code][1],
        )
        for code, label in Indicator.choices
    ]
    return render(
        request,
        "supervision/scheme_form.html",
        {
            "scheme": scheme,
            "rows": rows,
            "initial": {
                "year": request.POST.get("year") or (scheme.year if scheme else this_year()),
                "title": request.POST.get("title") or (scheme.title if scheme else ""),
                "percent": request.POST.get("excellence_percent")
                or (scheme.excellence_percent if scheme else 10),
            },
        },
    )


def _scheme(request: HttpRequest, pk: int) -> AppraisalScheme:
    scheme = scope(request.user, AppraisalScheme.objects.filter(pk=pk)).prefetch_related("indicators").first()
    if scheme is None:
        raise Http404
    return scheme


def ranking_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The units ranked by their score, each indicator's rate and points; Excel with ?export=xlsx."""
    scheme = _scheme(request, pk)
    if not can(request.user, "appraisal.view", scheme):
        own = unit_ids(request.user, *UNIT_ROLE_CODES)
        if own:
            return redirect("supervision:unit_score", pk=scheme.pk, unit_pk=min(own))
        raise Http404
    scores = appraise(scheme)
    indicators = list(scheme.indicators.all())
    if request.GET.get("export") == "xlsx":
        columns = [Column("名次", 6), Column("承办单位", 28)]
        for i in indicators:
            head = i.get_indicator_display()
            columns += [Column(f"{head}（次数）" if i.indicator == Indicator.RETURNED else head, 12)]
            columns += [Column(f"{head}得分（{i.weight}分）", 12)]
        columns.append(Column("总分", 10))
        rows = []
        for s in scores:
            row: list[object] = [s.rank, s.unit.name]
            for ind in s.indicators:
                row += [ind.numerator if ind.is_penalty else ind.percent, float(ind.points)]
            rows.append([*row, float(s.total)])
        return xlsx_response(
            f"{scheme.title}.xlsx",
            "考核排名",
            columns,
            rows,
            filters=describe_filters([("考核年度", str(scheme.year))]),
            user=request.user,
        )
    return render(
        request,
        "supervision/ranking.html",
        {"scheme": scheme, "scores": scores, "indicators": indicators},
    )


def unit_score_view(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit's score, indicator by indicator, each item and how it counted."""
    scheme = _scheme(request, pk)
    if not (
        can(request.user, "appraisal.view", scheme) or unit_pk in unit_ids(request.user, *UNIT_ROLE_CODES)
    ):
        raise Http404
    score = next((s for s in appraise(scheme) if s.unit.pk == unit_pk), None)
    if score is None:
        raise Http404
    ids = {line.submission_id for ind in score.indicators for line in ind.lines}
    visible = set(scope(request.user, Submission.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    return render(
        request,
        "supervision/unit_score.html",
        {"scheme": scheme, "score": score, "visible": visible},
    )


# ---- third-party assessments ---------------------------------------------------------------------------------


ASSESSMENT_SORTS = {"date": "assessed_on"}


def assessments_view(request: HttpRequest) -> HttpResponse:
    qs = scope(request.user, Assessment.objects.all()).select_related(
        "submission__session__assembly", "submission__assembly", "recorded_by"
    )
    if request.GET.get("conclusion") in AssessmentConclusion.values:
        qs = qs.filter(conclusion=request.GET["conclusion"])
    if wants_xlsx(request):
        conclusions = dict(AssessmentConclusion.choices)
        return xlsx_of_list(
            request,
            qs,
            ASSESSMENT_SORTS,
            "-date",
            title="第三方评估台账",
            columns=ASSESSMENT_COLUMNS,
            rows=assessment_rows,
            filters=[("评估结论", conclusions.get(request.GET.get("conclusion", ""), ""))],
        )
    listing = paged(request, qs, ASSESSMENT_SORTS, "-date")
    rows = listing.items
    files = files_of(Assessment, [a.pk for a in rows])
    return render(
        request,
        "supervision/assessments.html",
        {
            "listing": listing,
            "rows": [(a, files.get(a.pk, [])) for a in rows],
            "conclusions": AssessmentConclusion.choices,
            "filters": request.GET,
        },
    )


def _sub(request: HttpRequest, pk: int) -> Submission:
    sub = scope(request.user, Submission.objects.filter(pk=pk)).select_related("assembly").first()
    if sub is None:
        raise Http404
    return sub


@require_POST
def assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _sub(request, pk)
    data = AssessmentInput(
        assessor=request.POST.get("assessor", ""),
        assessed_on=parse_date(request.POST.get("assessed_on", "")),
        conclusion=request.POST.get("conclusion", ""),
        report=request.POST.get("report", ""),
        files=request.FILES.getlist("files"),
    )
    attempt(request, lambda: record_assessment(sub, request.user, data), "第三方评估已记录。")
    return redirect("supervision:item", pk=sub.pk)


# ---- excellent suggestions -----------------------------------------------------------------------------------


def excellence_view(request: HttpRequest) -> HttpResponse:
    """优秀建议提案: per assembly the registry serves, the year's places (about 10%), those chosen, and a
    search among the year's registered items to choose from."""
    roles = [r for r in roles_with(request.user, RoleCode.REGISTRY_STAFF) if r.unit]
    if not roles and not can(request.user, "appraisal.view"):
        raise Http404
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else this_year()
    jid = request.user.jurisdiction_id
    kinds = [r.unit.assembly_kind for r in roles] or ["npc", "cppcc"]
    sections = []
    for kind in dict.fromkeys(kinds):
        chosen = list(
            scope(request.user, Excellence.objects.filter(year=year, submission__assembly__kind=kind))
            .select_related("submission__session__assembly", "submission__assembly", "chosen_by")
            .order_by("submission__number")
        )
        sections.append(
            {
                "kind": kind,
                "label": "建议" if kind == "npc" else "提案",
                "quota": excellence_quota(jid, kind, year) if jid else None,
                "chosen": chosen,
            }
        )
    query = request.GET.get("q", "").strip().lstrip("第").rstrip("号")
    candidates = []
    if query and roles:
        qs = scope(request.user, Submission.objects.filter(year=year))
        qs = (
            qs.filter(assembly__kind__in=kinds)
            .exclude(state__in=(*NOT_IN_HANDLING, SubmissionState.MERGED))
            .exclude(excellence__year=year)
        )
        qs = qs.filter(number=int(query)) if query.isdigit() else qs.filter(title__icontains=query)
        candidates = list(
            qs.select_related("session__assembly", "assembly", "lead_author").order_by("number")[:30]
        )
    return render(
        request,
        "supervision/excellence.html",
        {
            "year": year,
            "sections": sections,
            "query": query,
            "candidates": candidates,
            "may_choose": bool(roles),
        },
    )


@require_POST
def choose_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _sub(request, pk)
    attempt(
        request,
        lambda: choose_excellent(sub, request.user, request.POST.get("reason", "")),
        f"《{sub.title}》已评为优秀。",
    )
    if request.POST.get("back") == "item":
        return redirect("supervision:item", pk=sub.pk)
    return redirect(f"{reverse('supervision:excellence')}?year={sub.year}")


@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = (
        scope(request.user, Excellence.objects.filter(pk=pk)).select_related("submission__assembly").first()
    )
    if chosen is None:
        raise Http404
    attempt(
        request,
        lambda: withdraw_excellent(chosen, request.user, request.POST.get("reason", "")),
        "已撤销评选。",
    )
    return redirect(f"{reverse('supervision:excellence')}?year={chosen.year}")
