"""Template helpers of the portal: a public text as paragraphs, with what was hidden marked as such."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from banli.portal.redaction import MARK

register = template.Library()

HIDDEN = f'<span class="redacted">{MARK}<span class="visually-hidden">（此处内容已隐去）</span></span>'


@register.filter
def public_paragraphs(text: str) -> SafeString:
    """One ``<p>`` per line of the text, escaped, each ××× marked for screen readers as hidden."""
    paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
    html = "".join(f"<p>{escape(p).replace(MARK, HIDDEN)}</p>" for p in paragraphs)
    return mark_safe(html)  # every paragraph escaped above
