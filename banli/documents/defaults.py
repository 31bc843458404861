"""The templates shipped with Banli, built by ``python -m banli.documents.builder``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "default_templates"
# A co-handler's opinion (会办意见) is a letter too: by default it uses the reply letter's template.
DEFAULT_FILES = {
    "reply_letter": "reply_letter.docx",
    "opinion": "reply_letter.docx",
    "handling_report": "handling_report.docx",
}


@cache
def default_template(kind: str) -> bytes:
    """The shipped template for ``kind`` (reply_letter, opinion, handling_report)."""
    try:
        name = DEFAULT_FILES[kind]
    except KeyError:
        raise ValueError(f"没有这种文档模板：{kind}") from None
    return (DEFAULT_DIR / name).read_bytes()
