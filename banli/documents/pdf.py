"""PDF through LibreOffice headless, where it is installed (Debian: libreoffice-writer-nogui).

Each conversion runs with a private user profile in a temporary directory, so conversions in parallel
(several workers, several test processes) do not clash over LibreOffice's profile lock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from banli.documents.rendering import DocumentError

DEFAULT_TIMEOUT = 120.0  # seconds; the first start of a fresh profile takes a few of them


def soffice() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
    """The PDF of a .docx, or None when LibreOffice is absent. Writes only to a temporary directory.

    Raises ``DocumentError`` when LibreOffice fails or takes longer than ``timeout`` seconds (it is then
    stopped, with every process it started).
    """
    executable = soffice()
    if executable is None:
        return None
    with tempfile.TemporaryDirectory(prefix="banli-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [
            executable,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        ) as process:
            try:
                _, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise DocumentError(f"转换PDF超时（超过{timeout:g}秒）。") from None
        result = work / "document.pdf"
        if process.returncode != 0 or not result.exists():
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise DocumentError(f"转换PDF失败：{detail or '未生成文件'}")
        return result.read_bytes()
