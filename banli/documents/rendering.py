"""Rendering a .docx template with docxtpl: strict variables, escaped text, clean paragraphs."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docx.opc.exceptions import OpcError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError
from lxml import etree


class DocumentError(ValueError):
    """A document cannot be produced: bad data, a broken template, a failed conversion (message in Chinese)."""


# Characters XML 1.0 forbids (control characters other than tab and newline) would corrupt the part.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def clean(value: str) -> str:
    """Text safe for a run: forbidden characters dropped, tabs and line breaks turned into spaces."""
    return _FORBIDDEN.sub("", value).replace("\t", " ").replace("\r", "").replace("\n", " ").strip()


def split_lines(paragraphs: Iterable[str]) -> tuple[str, ...]:
    """Every non-empty line of the given paragraphs becomes a paragraph of its own."""
    return tuple(
        cleaned for paragraph in paragraphs for line in paragraph.splitlines() if (cleaned := clean(line))
    )


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph as the templates use it: ``level`` 1 (一、 in 黑体), 2 (（一） in 楷体) or 0 (text).

    For a heading, ``heading`` runs to the first 。 (the run-in heading) and ``rest`` is the text after it,
    set in 仿宋; a heading without 。 is all heading.
    """

    level: int
    text: str
    heading: str
    rest: str


def paragraph(text: str) -> Paragraph:
    level = 1 if _HEADING1.match(text) else 2 if _HEADING2.match(text) else 0
    if not level:
        return Paragraph(0, text, "", "")
    head, stop, rest = text.partition("。")
    return Paragraph(level, text, head + stop, rest)


def render(template: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill ``template`` (a .docx with docxtpl tags) with ``context``; text is XML-escaped.

    An unknown variable or a syntax error in the template raises ``DocumentError``.
    """
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(dict(context), jinja_env=Environment(undefined=StrictUndefined), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except TemplateError as exc:
        raise DocumentError(f"模板有误：{exc.message or exc}") from exc
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, OSError) as exc:
        raise DocumentError("模板不是有效的 Word（.docx）文件。") from exc
    except (etree.LxmlError, SyntaxError) as exc:  # the tags produced XML that is not well formed
        raise DocumentError(f"模板生成的文档结构有误：{exc}") from exc
    return out.getvalue()
