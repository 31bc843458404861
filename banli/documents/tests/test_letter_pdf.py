"""The letter through LibreOffice headless: it converts, and the PDF keeps 22 lines of 28 characters."""

from __future__ import annotations

import dataclasses
import io
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from banli.documents import pdf
from banli.documents.letters import render_reply_letter
from banli.documents.rendering import DocumentError
from banli.documents.reports import render_handling_report
from banli.documents.samples import sample_letter, sample_report

FILLER = "字" * 28 * 30  # one paragraph long enough to fill a whole second page


@pytest.fixture(scope="module")
def long_letter_pdf() -> PdfReader:
    assert pdf.soffice(), "LibreOffice is a test dependency (make sysdeps installs libreoffice-writer-nogui)"
    letter = sample_letter()
    long = dataclasses.replace(letter, paragraphs=[*letter.paragraphs, FILLER])
    data = pdf.to_pdf(render_reply_letter(long))
    assert data is not None and data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def test_letter_converts_with_its_title_number_and_date(long_letter_pdf: PdfReader) -> None:
    first = long_letter_pdf.pages[0].extract_text()
    assert "宿州市发展和改革委员会" in first
    assert "关于市六届人大三次会议第39" in first
    assert "宿发改提〔2025〕12" in first
    assert "— 1 —" not in first  # no page number on the first page
    page = long_letter_pdf.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210
    assert round(float(page.mediabox.height) / 72 * 25.4) == 297


def test_a_full_page_holds_22_lines_of_28_characters(long_letter_pdf: PdfReader) -> None:
    lines = long_letter_pdf.pages[1].extract_text().splitlines()
    assert lines[-1] == "— 2 —"
    text_lines = lines[:-1]
    assert len(text_lines) == 22
    assert all(len(line) == 28 for line in text_lines[1:])  # the first is the paragraph's indented start


def test_last_page_ends_with_signature_date_note_and_copies(long_letter_pdf: PdfReader) -> None:
    last = long_letter_pdf.pages[-1].extract_text()
    assert "2025 年2 月28 日" in last or "2025年2月28日" in last
    assert "联系人：王五" in last
    assert "抄送：市人大常委会代表工委，市人民政府办公室。" in last
    assert f"— {len(long_letter_pdf.pages)} —" in last


def test_report_converts_too() -> None:
    data = pdf.to_pdf(render_handling_report(sample_report()))
    assert data is not None
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "201" in text and "33.33%" in text


def test_without_libreoffice_there_is_no_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.soffice() is None
    assert pdf.to_pdf(render_reply_letter(sample_letter())) is None


def fake_soffice(directory: Path, script: str) -> None:
    path = directory / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_a_hanging_conversion_is_stopped_with_a_chinese_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_soffice(tmp_path, "sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    with pytest.raises(DocumentError, match="转换PDF超时"):
        pdf.to_pdf(b"PK", timeout=0.5)


def test_a_failed_conversion_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    with pytest.raises(DocumentError, match="转换PDF失败：Error: source file could not be loaded"):
        pdf.to_pdf(b"PK")
