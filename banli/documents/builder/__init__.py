"""Builds the default templates shipped in ``banli/documents/default_templates/``.

Regenerate them after changing the builder: ``python -m banli.documents.builder``. The output is
byte-for-byte reproducible, and a test checks the committed files equal a fresh build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from banli.documents.defaults import DEFAULT_DIR


def builders() -> dict[str, Callable[[], bytes]]:
    """File name → the function that builds it."""
    from banli.documents.builder.letter import build_letter
    from banli.documents.builder.report import build_report

    return {"reply_letter.docx": build_letter, "handling_report.docx": build_report}


def build_all(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write every default template into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in builders().items():
        path = directory / name
        path.write_bytes(build())
        written.append(path)
    return written
