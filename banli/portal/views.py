"""The public portal (no login): home with search, the published replies (list, search, one reply) and the
yearly handling reports. Read-only: every view answers GET and HEAD only, and nothing here writes."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from banli.core.models import Jurisdiction
from banli.portal.public import (
    PUBLIC_RELATED,
    PublicFilters,
    filter_options,
    filtered,
    other_items,
    public_count,
    public_detail,
    public_publications,
    public_reports,
    publication_version,
)
from banli.portal.search import public_search
from banli.textindex.fulltext import highlight

PAGE_SIZE = 10
SNIPPET = 160


def _site() -> dict[str, object]:
    """The name the portal carries: the default jurisdiction's (one query)."""
    jurisdiction = Jurisdiction.objects.filter(code=settings.BANLI_JURISDICTION, is_active=True).first()
    return {"site_jurisdiction": jurisdiction}


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 and int(raw) > 0 else 1


def public_view(view):  # type: ignore[no-untyped-def]
    """A portal page: open to everyone, GET and HEAD only."""
    return login_not_required(require_safe(view))


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """首页: search, the latest published replies and reports."""
    latest = list(public_publications().select_related(*PUBLIC_RELATED).order_by("-published_at", "-pk")[:6])
    reports = list(public_reports().order_by("-year", "-published_at")[:4])
    return render(request, "portal/home.html", {**_site(), "latest": latest, "reports": reports})


@public_view
def reply_list(request: HttpRequest) -> HttpResponse:
    """答复公开: newest first, or, with a query, the full-text search ranked best first with snippets."""
    filters = PublicFilters.parse(request.GET)
    qs = filtered(filters)
    version = publication_version()
    number = _page_number(request)
    words: list[str] = []  # the query's words, as the search understood them
    marks: list[str] = []  # what the snippets highlight
    if filters.q:
        number, hits = public_search(filters, number, PAGE_SIZE, version)
        words, marks = hits.words, hits.marks
        found = qs.select_related(*PUBLIC_RELATED).in_bulk(hits.ids) if hits.ids else {}
        items = [found[i] for i in hits.ids if i in found]
        total = hits.total
    else:
        paginator = Paginator(qs.select_related(*PUBLIC_RELATED).order_by("-published_at", "-pk"), PAGE_SIZE)
        paginator.count = public_count(filters, qs, version)  # type: ignore[misc]  # the cached count
        page = paginator.get_page(number)
        number, items, total = page.number, list(page.object_list), paginator.count
    rows = [
        (
            pub,
            highlight(pub.title, marks),
            highlight(pub.submission.title, marks),
            highlight(pub.public_text, marks, SNIPPET),
        )
        for pub in items
    ]
    pages = max(1, -(-total // PAGE_SIZE))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/list.html",
        {
            **_site(),
            "filters": filters,
            # read only when the choices' fragment is not kept (the template's {% cache %})
            "options": SimpleLazyObject(lambda: filter_options(version)),
            "version": version,
            "rows": rows,
            "total": total,
            "words": words,
            "searched": bool(filters.q),
            "page": {"number": number, "pages": pages, "previous": number - 1, "next": number + 1},
            "query": params.urlencode(),
        },
    )


@public_view
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published reply: public title, the 案由, the public text, unit, date and result."""
    pub = public_detail(pk)
    if pub is None:
        raise Http404
    return render(request, "portal/detail.html", {**_site(), "pub": pub, "others": other_items(pub)})


@public_view
def report_list(request: HttpRequest) -> HttpResponse:
    """办理情况报告, by year."""
    return render(request, "portal/reports.html", {**_site(), "reports": list(public_reports())})


def disposition(name: str) -> str:
    """An attachment header that carries a Chinese file name (RFC 5987) and an ASCII fallback."""
    return f"attachment; filename=\"report\"; filename*=UTF-8''{quote(name)}"


@public_view
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = public_reports().filter(pk=pk).first()
    if report is None:
        raise Http404
    response = FileResponse(report.file.open("rb"), content_type=report.mime_type)
    response["Content-Disposition"] = disposition(report.file_name)
    return response
