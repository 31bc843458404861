"""The code form of enrolment and verification."""

from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        max_length=16,
        error_messages={"required": "请输入手机验证器上显示的 6 位动态口令。"},
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )
