"""The optional programs the library uses when the machine has them: LibreOffice
(Word 97 files, and Office files as PDF pages for the preview) and Tesseract with its
simplified-Chinese data (scanned pages and images). Each is found on the PATH by the
name the settings give (``PARKBASE_DOCUMENT_SOFFICE``, ``PARKBASE_DOCUMENT_TESSERACT``;
an empty name, or one not found, means "not installed"), runs with a time limit, and is
never required: without it a document is kept and says which Debian package would add
what is missing.

Plain Python: no Django."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# what each missing piece is called in Debian (and so in the note a document shows)
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
TESSERACT_PACKAGE = "tesseract-ocr-chi-sim"
OCR_LANGUAGE = "chi_sim"
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


class ConversionFailed(Exception):
    """The program ran but gave nothing usable (a damaged file, a time-out)."""


@dataclass(frozen=True)
class Tools:
    """The programs found: the executable's path, or None."""

    soffice: str | None = None
    tesseract: str | None = None

    @property
    def ocr(self) -> bool:
        return self.tesseract is not None


def find(soffice_name: str, tesseract_name: str) -> Tools:
    """The programs the settings name, where the machine has them: Tesseract only
    with its simplified-Chinese data."""
    soffice = shutil.which(soffice_name) if soffice_name else None
    tesseract = shutil.which(tesseract_name) if tesseract_name else None
    if tesseract and OCR_LANGUAGE not in _languages(tesseract):
        tesseract = None
    return Tools(soffice, tesseract)


@functools.lru_cache(maxsize=8)
def _languages(tesseract: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def to_pdf(path: Path, ending: str, soffice: str, timeout: int) -> bytes:
    """The file converted to PDF by LibreOffice (headless, its own throw-away profile so
    that two conversions never share one), or ``ConversionFailed``."""
    with tempfile.TemporaryDirectory(prefix="parkbase-convert-") as work:
        work_dir = Path(work)
        source = work_dir / f"source{ending}"
        shutil.copyfile(path, source)
        profile = (work_dir / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir / "out"),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work_dir)}
        try:
            subprocess.run(
                command, capture_output=True, timeout=timeout, check=False, env=env, cwd=work
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice took more than {timeout} s") from None
        except OSError as exc:
            raise ConversionFailed(str(exc)) from None
        result = work_dir / "out" / "source.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed("LibreOffice made no PDF of the file")
        return result.read_bytes()


def ocr(image, tesseract: str, timeout: int) -> str:
    """The text Tesseract reads on a PIL image (simplified Chinese), without the spaces
    it puts between Chinese characters."""
    with tempfile.TemporaryDirectory(prefix="parkbase-ocr-") as work:
        source = Path(work) / "page.png"
        image.save(source)
        try:
            done = subprocess.run(
                [tesseract, str(source), "stdout", "-l", OCR_LANGUAGE],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"Tesseract took more than {timeout} s") from None
        except OSError as exc:
            raise ConversionFailed(str(exc)) from None
        if done.returncode != 0:
            raise ConversionFailed(done.stderr.decode("utf-8", "replace")[:200])
        return _CJK_GAP.sub("", done.stdout.decode("utf-8", "replace"))
