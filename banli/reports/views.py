"""统计与报告: the statistics dashboard (and its per-unit workbook), the handling report, the
rectification list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from banli.core.exports import describe_filters
from banli.core.policies import can, scope
from banli.core.workflow import WorkflowError
from banli.documents.rendering import DocumentError
from banli.reports.handling_report import build_handling_report, render_report
from banli.reports.ledgers import rectification_sheet, unit_sheets
from banli.reports.models import RectificationItem
from banli.reports.selectors import (
    picked_scope,
    rectification_list,
    rectification_years,
    report_choices,
    user_jurisdiction,
)
from banli.reports.services import RectificationInput, delete_rectification_item, save_rectification_item
from banli.reports.statistics import dashboard, dashboard_key, kept_page
from banli.reports.workbook import workbook_response


def _dashboard_filters_text(board) -> str:  # type: ignore[no-untyped-def]
    f = board.filters
    assembly = next((str(a) for a in f.assemblies if str(a.pk) == f.assembly), "")
    session = (
        "闭会期间"
        if f.session == "none"
        else next((s.full_name for s in f.sessions if str(s.pk) == f.session), "")
    )
    unit = next((u.name for u in f.units if str(u.pk) == f.unit), "")
    return describe_filters(
        [
            ("届次", assembly),
            ("会议", session),
            ("年度", f.year or "全部"),
            ("承办单位", unit),
            ("类型", f.kind),
        ]
    )


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """统计分析: the figures of the items the user sees; ``?export=xlsx`` gives the per-unit workbook."""
    if not can(request.user, "reports.statistics"):
        raise PermissionDenied("只有交办机构、协调机构、领导和承办单位可以查看统计。")
    params = request.GET.dict()
    keyed = dashboard_key(request.user, params)
    if params.get("export") != "xlsx" and (body := kept_page(keyed[1])) is not None:
        return render(request, "reports/dashboard.html", {"body": body, "f": keyed[0]})
    board = dashboard(request.user, params, keyed)
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            "各承办单位办理情况统计.xlsx",
            unit_sheets(board),
            filters=_dashboard_filters_text(board),
            user=request.user,
        )
    return render(request, "reports/dashboard.html", {"board": board, "f": board.filters})


def handling_report_view(request: HttpRequest) -> HttpResponse:
    """办理情况报告: pick the assembly, session (or year) and system; see the figures; download Word or PDF."""
    if not can(request.user, "reports.handling_report"):
        raise PermissionDenied("只有交办机构或协调机构可以生成办理情况报告。")
    choices = report_choices(request.user)
    params = request.GET.dict()
    rs, problem = picked_scope(request.user, params, choices)
    if problem:
        messages.error(request, problem)
    data = build_handling_report(request.user, rs) if rs else None
    download = params.get("download")
    if rs and data and download in ("docx", "pdf"):
        try:
            docx = render_report(data, rs)
        except DocumentError as exc:
            messages.error(request, exc.message)
        else:
            if download == "docx":
                return _attachment(docx, f"{rs.filename}.docx", DOCX)
            from banli.documents.pdf import to_pdf

            try:
                pdf = to_pdf(docx)
            except DocumentError as exc:
                messages.error(request, exc.message)
            else:
                if pdf is not None:
                    return _attachment(pdf, f"{rs.filename}.pdf", "application/pdf")
                messages.error(request, "本机未安装 LibreOffice，暂不能生成 PDF，请下载 Word 版本。")
    context = data.context() if data else None
    return render(
        request,
        "reports/handling_report.html",
        {"choices": choices, "params": params, "rs": rs, "data": data, "doc": context},
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _input(request: HttpRequest) -> RectificationInput:
    post = request.POST
    year, sort = post.get("year", "").strip(), post.get("sort", "").strip()
    return RectificationInput(
        year=int(year) if year.isdigit() else None,
        aspect=post.get("aspect", ""),
        problem=post.get("problem", ""),
        advice=post.get("advice", ""),
        measures=post.get("measures", ""),
        responsible=post.get("responsible", ""),
        period=post.get("period", ""),
        sort=int(sort) if sort.isdigit() else 0,
    )


def rectification_view(request: HttpRequest) -> HttpResponse:
    """整改清单: the lines of the user's jurisdiction by year; add one (POST); export in seed 002's columns."""
    if not can(request.user, "reports.rectification_view"):
        raise PermissionDenied("只有交办机构、协调机构和领导可以查看整改清单。")
    jurisdiction = user_jurisdiction(request.user)
    may_edit = jurisdiction is not None and can(
        request.user, "reports.rectification", RectificationItem(jurisdiction_id=jurisdiction.pk)
    )
    draft = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有交办机构或协调机构可以维护整改清单。")
        draft = _input(request)
        try:
            item = save_rectification_item(request.user, jurisdiction.pk, draft)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "整改事项已添加。")
            return redirect(f"{reverse('reports:rectification')}?year={item.year}")
    params = request.GET.dict()
    items = rectification_list(request.user, params)
    if params.get("export") == "xlsx":
        year = params.get("year", "")
        title = f"{year}年整改清单" if year.isdigit() else "整改清单"
        return xlsx_rectification(request, title, items, year)
    return render(
        request,
        "reports/rectification.html",
        {
            "items": list(items[:500]),
            "years": rectification_years(request.user),
            "filters": request.GET,
            "may_edit": may_edit,
            "draft": draft,
        },
    )


def xlsx_rectification(request: HttpRequest, title: str, items, year: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    return workbook_response(
        f"{title}.xlsx",
        [rectification_sheet(title, items.iterator(chunk_size=500))],
        filters=describe_filters([("年度", year if year.isdigit() else "")]),
        user=request.user,
    )


def _item(request: HttpRequest, pk: int) -> RectificationItem:
    item = scope(request.user, RectificationItem.objects.filter(pk=pk)).first()
    if item is None:
        raise Http404
    if not can(request.user, "reports.rectification", item):
        raise PermissionDenied("只有交办机构或协调机构可以维护整改清单。")
    return item


def rectification_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    draft = None
    if request.method == "POST":
        draft = _input(request)
        try:
            save_rectification_item(request.user, item.jurisdiction_id, draft, item)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "整改事项已保存。")
            return redirect(f"{reverse('reports:rectification')}?year={item.year}")
    return render(request, "reports/rectification_form.html", {"item": item, "draft": draft or item})


@require_POST
def rectification_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    year = item.year
    try:
        delete_rectification_item(request.user, item)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "整改事项已删除。")
    return redirect(f"{reverse('reports:rectification')}?year={year}")
