"""录入纸质件: the registry's import page and the template download.

Only registry staff of an assembly (permission ``submission.import``, registered with the service by
the package ``banli.submissions.paper``) may use them; everyone else gets 403. The page posts the file
with htmx (upload progress, then a waiting message; the result replaces only the result area) and works
as a plain form without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from banli.core.exports import XLSX
from banli.core.models import Assembly, Session
from banli.core.models.org import RoleCode, UnitKind, User
from banli.core.policies import can, roles_with
from banli.core.workflow import WorkflowError
from banli.submissions.paper import MAX_UPLOAD_MB, ImportResult, import_workbook, template_workbook

MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Room for the multipart envelope and the other fields around the file.
BODY_SLACK = 64 * 1024
MAX_SHOWN_ERRORS = 500
TOO_LARGE = f"文件超过 {MAX_UPLOAD_MB}MB，无法上传。请删除多余的工作表或图片，或将数据分成几个文件导入。"
TEMPLATE_NAME = "submissions/import.html"


def registry_assemblies(user: User) -> list[Assembly]:
    """The current assemblies whose registry the user works in, with their sessions (two queries)."""
    cond = Q()
    found = False
    for role in roles_with(user, RoleCode.REGISTRY_STAFF):
        if role.unit and role.unit.kind == UnitKind.REGISTRY and role.unit.assembly_kind:
            cond |= Q(jurisdiction_id=role.jurisdiction_id, kind=role.unit.assembly_kind)
            found = True
    if not found:
        return []
    assemblies = Assembly.objects.filter(cond, is_current=True).order_by("jurisdiction_id", "kind", "-term")
    return [a for a in assemblies.prefetch_related("sessions") if can(user, "submission.import", a)]


def _assemblies_or_403(request: HttpRequest) -> list[Assembly]:
    assemblies = registry_assemblies(request.user)  # type: ignore[arg-type]
    if not assemblies:
        raise PermissionDenied("只有人大或政协交办机构的工作人员可以录入纸质件。")
    return assemblies


def _default_source(assemblies: list[Assembly]) -> str:
    """This year's latest session of the first assembly, else between sessions (by year)."""
    this_year = timezone.localdate().year
    first = assemblies[0]
    sessions = sorted(first.sessions.all(), key=lambda s: s.opens_on, reverse=True)
    for session in sessions:
        if session.opens_on.year == this_year:
            return f"session:{session.pk}"
    return f"year:{first.pk}"


class ImportForm(forms.Form):
    """Where the items belong (a session, or an assembly and a year) and the workbook."""

    source = forms.ChoiceField(label="提出时间")
    year = forms.IntegerField(label="年度", required=False, min_value=1949, max_value=2100)
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要导入的 Excel 文件。", "empty": "所选文件是空的。"},
    )
    skip_duplicates = forms.BooleanField(
        label="跳过疑似重复的件（案由与已有件或表中前面的行相同）", required=False
    )

    def __init__(self, *args: Any, assemblies: list[Assembly], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assemblies = {a.pk: a for a in assemblies}
        self.sessions: dict[int, Session] = {}
        choices: list[tuple[str, list[tuple[str, str]]]] = []
        for assembly in assemblies:
            options = []
            for session in assembly.sessions.all():
                self.sessions[session.pk] = session
                options.append((f"session:{session.pk}", f"{session.full_name}（大会期间）"))
            options.append((f"year:{assembly.pk}", f"{assembly.short_name}闭会期间（按年度）"))
            choices.append((assembly.name, options))
        self.fields["source"].choices = choices
        self.fields["source"].error_messages["invalid_choice"] = "请选择本届人大或政协的会议或闭会期间。"
        self.fields["source"].widget.attrs.update({"class": "form-select", "id": "id_source"})
        self.fields["year"].widget.attrs.update(
            {"class": "form-control", "inputmode": "numeric", "aria-describedby": "id_year-help"}
        )
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": f".xlsx,{XLSX}", "aria-describedby": "id_file-help"}
        )
        self.fields["skip_duplicates"].widget.attrs["class"] = "form-check-input"
        self.fields["year"].error_messages.update(
            invalid="年度应为四位数字，如 2025。",
            min_value="年度应为四位数字，如 2025。",
            max_value="年度应为四位数字，如 2025。",
        )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        if not (upload.name or "").lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(
                "只能导入 .xlsx 格式的 Excel 文件。如为 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传。"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, _, raw_id = (data.get("source") or "").partition(":")
        if not raw_id.isdigit():
            return data
        if kind == "session":
            self.errors.pop("year", None)  # the year is the session's: whatever was typed does not matter
            session = self.sessions[int(raw_id)]
            data.update(assembly=self.assemblies[session.assembly_id], session=session, year=session.year)
        else:
            assembly = self.assemblies[int(raw_id)]
            year = data.get("year")
            data.update(assembly=assembly, session=None)
            if year is None and "year" not in self.errors:
                self.add_error("year", "闭会期间提出的，请填写年度。")
            elif year is not None and not assembly.start_year <= year <= assembly.end_year:
                self.add_error("year", f"年度应在本届任期内（{assembly.start_year}—{assembly.end_year}年）。")
        return data


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The whole page, or only the result area for htmx."""
    name = f"{TEMPLATE_NAME}#result" if getattr(request, "htmx", False) else TEMPLATE_NAME
    return render(request, name, context, status=status)


def _context(
    assemblies: list[Assembly], form: ImportForm, result: ImportResult | None = None, **extra: Any
) -> dict[str, Any]:
    errors = result.errors if result else []
    return {
        "assemblies": assemblies,
        "form": form,
        "result": result,
        "errors_shown": errors[:MAX_SHOWN_ERRORS],
        "errors_hidden": max(0, len(errors) - MAX_SHOWN_ERRORS),
        "max_mb": MAX_UPLOAD_MB,
        "this_year": timezone.localdate().year,
        **extra,
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """GET: the page. POST: check the workbook and import it (or only check it, for 仅校验).

    A body announced as larger than the limit is refused before it is read; the CSRF check runs in
    :func:`_import_view`, after that, so the oversized body is never parsed.
    """
    assemblies = _assemblies_or_403(request)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + BODY_SLACK:
            form = ImportForm(initial=_initial(assemblies), assemblies=assemblies)
            return _render(request, _context(assemblies, form, upload_error=TOO_LARGE))
    return _import_view(request, assemblies)


def _initial(assemblies: list[Assembly]) -> dict[str, Any]:
    return {"source": _default_source(assemblies), "year": timezone.localdate().year}


@csrf_protect
def _import_view(request: HttpRequest, assemblies: list[Assembly]) -> HttpResponse:
    if request.method != "POST":
        form = ImportForm(initial=_initial(assemblies), assemblies=assemblies)
        return _render(request, _context(assemblies, form))
    form = ImportForm(request.POST, request.FILES, assemblies=assemblies)
    if not form.is_valid():
        return _render(request, _context(assemblies, form))
    data = form.cleaned_data
    try:
        result = import_workbook(
            data["file"],
            assembly=data["assembly"],
            actor=request.user,  # type: ignore[arg-type]
            session=data["session"],
            year=data["year"],
            skip_duplicates=data["skip_duplicates"],
            dry_run=request.POST.get("mode") == "check",
        )
    except WorkflowError as exc:
        return _render(request, _context(assemblies, form, upload_error=exc.message))
    context = _context(assemblies, form, result, assembly=data["assembly"], session=data["session"])
    context["year"] = data["year"]
    return _render(request, context)


@require_http_methods(["GET"])
def template_view(request: HttpRequest) -> HttpResponse:
    """Download the import template of the assembly asked for (?assembly=id), or of the user's first."""
    assemblies = _assemblies_or_403(request)
    wanted = request.GET.get("assembly", "")
    assembly = next((a for a in assemblies if str(a.pk) == wanted), assemblies[0])
    response = HttpResponse(template_workbook(assembly), content_type=XLSX)
    filename = f"纸质件导入模板（{assembly.short_name}）.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
