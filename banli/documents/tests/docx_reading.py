"""Reading a generated .docx the way Word resolves it: direct formatting, then styles, then defaults."""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import _Element


def open_docx(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def _chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
    while style is not None:
        yield style
        style = style.base_style


def _rpr_sources(document: DocumentObject, paragraph: Paragraph, run: Run | None) -> Iterator[_Element]:
    if run is not None:
        if run._r.rPr is not None:
            yield run._r.rPr
        for style in _chain(run.style):
            if style.element.rPr is not None:
                yield style.element.rPr
    for style in _chain(paragraph.style):
        if style.element.rPr is not None:
            yield style.element.rPr
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            yield rpr


def run_property(
    document: DocumentObject, paragraph: Paragraph, run: Run | None, tag: str, attr: str
) -> str | None:
    """The effective value of ``<w:tag w:attr=…>`` in a run's properties."""
    for rpr in _rpr_sources(document, paragraph, run):
        element = rpr.find(qn(f"w:{tag}"))
        if element is not None and element.get(qn(f"w:{attr}")) is not None:
            return element.get(qn(f"w:{attr}"))
    return None


def east_asian_font(document: DocumentObject, paragraph: Paragraph, run: Run | None = None) -> str | None:
    return run_property(document, paragraph, run, "rFonts", "eastAsia")


def latin_font(document: DocumentObject, paragraph: Paragraph, run: Run | None = None) -> str | None:
    return run_property(document, paragraph, run, "rFonts", "ascii")


def size_pt(document: DocumentObject, paragraph: Paragraph, run: Run | None = None) -> float | None:
    half = run_property(document, paragraph, run, "sz", "val")
    return int(half) / 2 if half is not None else None


def colour(document: DocumentObject, paragraph: Paragraph, run: Run | None = None) -> str | None:
    return run_property(document, paragraph, run, "color", "val")


def paragraph_property(paragraph: Paragraph, tag: str) -> _Element | None:
    """The first ``<w:tag>`` in the paragraph's own properties or its style chain."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn(f"w:{tag}")) is not None:
        return ppr.find(qn(f"w:{tag}"))
    for style in _chain(paragraph.style):
        style_ppr = style.element.pPr
        if style_ppr is not None and style_ppr.find(qn(f"w:{tag}")) is not None:
            return style_ppr.find(qn(f"w:{tag}"))
    return None


def alignment(paragraph: Paragraph) -> str | None:
    jc = paragraph_property(paragraph, "jc")
    return jc.get(qn("w:val")) if jc is not None else None


def find(document: DocumentObject, text: str) -> Paragraph:
    """The body paragraph whose text is ``text`` or, failing that, the first that contains it."""
    paragraphs = document.paragraphs
    for p in paragraphs:
        if p.text == text:
            return p
    for p in paragraphs:
        if text in p.text:
            return p
    raise AssertionError(f"no paragraph with {text!r}")
