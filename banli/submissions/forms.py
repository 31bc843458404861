"""Forms of the author's drafting page."""

from __future__ import annotations

from typing import Any

from django import forms

from banli.core.models import Category, Member
from banli.submissions.models import Submission


class DraftForm(forms.ModelForm):
    """Title, text, category and the publication choices of a draft."""

    class Meta:
        model = Submission
        fields = [
            "title",
            "problem",
            "advice",
            "category",
            "publication_consent",
            "publication_refusal_reason",
            "is_confidential",
        ]
        labels = {
            "title": "案由",
            "problem": "问题/情况",
            "advice": "建议/办法",
            "publication_consent": "同意公开办理复文",
            "is_confidential": "涉及国家秘密（涉密件不在系统中处理正文）",
        }
        help_texts = {
            "title": "一事一议，如：关于推进老旧小区加装电梯的建议",
            "problem": "说明存在的问题、原因和影响",
            "advice": "提出具体、可行的建议",
        }
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "problem": forms.Textarea(attrs={"rows": 8}),
            "advice": forms.Textarea(attrs={"rows": 8}),
            "publication_refusal_reason": forms.TextInput(),
        }

    def __init__(self, *args: Any, jurisdiction_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(jurisdiction_id=jurisdiction_id)
        self.fields["category"].required = False
        self.fields["category"].empty_label = "（请选择）"
        self.fields["title"].required = True
        for name, field in self.fields.items():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
            if name in ("title", "problem", "advice"):
                field.widget.attrs["hx-trigger"] = "keyup changed delay:800ms"

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if len(title) < 4:
            raise forms.ValidationError("案由至少 4 个字。")
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("publication_consent") and not (data.get("publication_refusal_reason") or "").strip():
            self.add_error("publication_refusal_reason", "不同意公开时须说明理由。")
        return data


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="邀请联名的代表/委员",
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Member.objects.filter(assembly_id=submission.assembly_id, is_active=True)
            .exclude(pk=submission.lead_author_id)
            .exclude(cosignatures__submission=submission)
            .order_by("delegation", "sector", "name")
        )
        self.fields["members"].label_from_instance = lambda m: f"{m.name}（{m.group}）" if m.group else m.name
