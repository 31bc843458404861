"""管理后台: administrators replace the document templates here.

An upload is refused unless it is a plain .docx that renders the sample data with every field in
place; the shipped defaults can be downloaded as a starting point, and any template previewed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from banli.documents.defaults import default_template
from banli.documents.letters import render_reply_letter
from banli.documents.models import DocumentTemplate, TemplateKind
from banli.documents.rendering import DocumentError
from banli.documents.reports import render_handling_report
from banli.documents.samples import sample_letter, sample_report
from banli.documents.selection import check_template
from banli.documents.services import activate_template, save_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["jurisdiction", "kind", "name", "file", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = self.files.get("file")
        kind = cleaned.get("kind")
        if upload is not None and kind:
            if not upload.name.lower().endswith(".docx"):
                self.add_error("file", "请上传 .docx 格式的 Word 文档。")
                return cleaned
            data = upload.read()
            upload.seek(0)
        elif kind and self.instance.pk and "kind" in self.changed_data:
            with self.instance.file.open("rb") as f:  # the stored file must suit the new kind too
                data = f.read()
        else:
            return cleaned
        if data:
            try:
                check_template(kind, data)
            except DocumentError as exc:
                self.add_error("file", str(exc))
        else:
            self.add_error("file", "模板文件是空的。")
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    change_list_template = "admin/documents/documenttemplate/change_list.html"
    list_display = ("kind", "jurisdiction", "name", "is_active", "uploaded_by", "uploaded_at", "links")
    list_filter = ("kind", "is_active", "jurisdiction")
    search_fields = ("name", "original_name")
    list_select_related = ("jurisdiction", "uploaded_by")
    readonly_fields = ("original_name", "sha256", "uploaded_by", "uploaded_at")
    actions = ["activate", "deactivate"]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("default/<str:kind>/", view(self.download_default), name="documents_template_default"),
            path("<int:pk>/download/", view(self.download), name="documents_template_download"),
            path("<int:pk>/preview/", view(self.preview), name="documents_template_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="文件")
    def links(self, obj: DocumentTemplate) -> str:
        return format_html(
            '<a href="{}">下载</a> · <a href="{}">示例预览</a>',
            reverse("admin:documents_template_download", args=[obj.pk]),
            reverse("admin:documents_template_preview", args=[obj.pk]),
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        defaults = [
            (label, reverse("admin:documents_template_default", args=[kind]))
            for kind, label in TemplateKind.choices
        ]
        return super().changelist_view(request, {"default_templates": defaults, **(extra_context or {})})

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: forms.ModelForm, change: bool
    ) -> None:
        save_template(obj, request.user, form.files.get("file"))  # type: ignore[arg-type]

    def _require_view(self, request: HttpRequest) -> None:
        if not self.has_view_permission(request):
            raise PermissionDenied

    def download_default(self, request: HttpRequest, kind: str) -> HttpResponse:
        self._require_view(request)
        if kind not in TemplateKind.values:
            raise Http404
        return docx_response(default_template(kind), f"{kind}_default.docx")

    def download(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require_view(request)
        template = get_object_or_404(DocumentTemplate, pk=pk)
        with template.file.open("rb") as f:
            return docx_response(f.read(), f"{template.kind}_{template.pk}.docx")

    def preview(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The sample letter or report rendered with this template."""
        self._require_view(request)
        template = get_object_or_404(DocumentTemplate, pk=pk)
        with template.file.open("rb") as f:
            data = f.read()
        try:
            if template.kind == TemplateKind.HANDLING_REPORT:
                rendered = render_handling_report(sample_report(), data)
            else:
                rendered = render_reply_letter(sample_letter(), data)
        except DocumentError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
        return docx_response(rendered, f"{template.kind}_{template.pk}_preview.docx")

    @admin.action(description="启用所选模板（同一区域同类模板中的其他模板将停用）", permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[DocumentTemplate]) -> None:
        seen: set[tuple[int | None, str]] = set()
        for template in queryset.order_by("-uploaded_at"):
            key = (template.jurisdiction_id, template.kind)
            if key in seen:
                continue
            seen.add(key)
            activate_template(template)
        self.message_user(request, f"已启用{len(seen)}个模板。", messages.SUCCESS)

    @admin.action(description="停用所选模板（改用默认模板）", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[DocumentTemplate]) -> None:
        count = queryset.update(is_active=False)
        self.message_user(request, f"已停用{count}个模板。", messages.SUCCESS)
