"""Write the demo's PDF documents (src/parkbase/demo/data/documents/*.pdf) from their
texts beside them, through a Word file (python-docx) that LibreOffice turns into PDF
with the system's CJK fonts (fonts-noto-cjk). Run once when a text changes; the demo
loads the PDFs as they are, so it needs no LibreOffice.

    python tools/make_demo_documents.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from parkbase.demo.documents import docx_bytes

DATA = Path(__file__).resolve().parent.parent / "src/parkbase/demo/data/documents"
AS_PDF = ("medical_request", "medical_reply", "dongji_land", "aircraft_study", "institute_transfer")


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as work:
        for name in AS_PDF:
            source = Path(work) / f"{name}.docx"
            source.write_bytes(docx_bytes((DATA / f"{name}.txt").read_text(encoding="utf-8")))
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", work, str(source)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            shutil.copyfile(Path(work) / f"{name}.pdf", DATA / f"{name}.pdf")
            print(DATA / f"{name}.pdf")


if __name__ == "__main__":
    main()
