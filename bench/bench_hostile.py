"""Peak memory of checking files built to hurt, at the default limits.

Each file is built in a scratch folder, then read in a fresh Python process
(``tests.imports.hostile.measure_check``), which prints its peak RSS
(``resource.getrusage``) and what became of the file. Run from the project root:

    PYTHONPATH=src:. python bench/bench_hostile.py [--keep DIR]

The probe's files at full size: a 2.6 MB-class .xlsx whose sheet unpacks to 1 GB of
rows without cell references, and an .xlsx holding one cell of 1 GB; then a zip
header that understates the size, an .ods row repeated a million times, an .ods
whose content unpacks past the limit, a CSV with a 300 MB line, and for comparison
a plain 100,000 × 30 sheet that passes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.imports import hostile  # noqa: E402

MB = 1 << 20


def plain_sheet(path: Path) -> Path:
    code = (
        "import xlsxwriter; "
        f"b = xlsxwriter.Workbook({str(path)!r}, {{'constant_memory': True}}); "
        "s = b.add_worksheet('企业名录'); "
        "s.write_row(0, 0, ['企业名称'] + [f'列{i}' for i in range(29)]); "
        "[s.write_row(r, 0, [f'公司{r}'] + [r + i * 0.5 for i in range(29)]) "
        "for r in range(1, 100_001)]; b.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    return path


def cases(folder: Path):
    yield (
        "rows without r=, 1 GB unpacked",
        lambda: hostile.rows_bomb(folder / "rows.xlsx", 1024 * MB),
    )
    yield (
        "rows without r=, 190 MB unpacked",
        lambda: hostile.rows_bomb(folder / "rows190.xlsx", 190 * MB),
    )
    yield "one cell of 1 GB", lambda: hostile.huge_cell(folder / "cell.xlsx", 1024 * MB)
    yield (
        "one cell of 150 MB (within the size)",
        lambda: hostile.huge_cell(folder / "cell150.xlsx", 150 * MB),
    )

    def liar():
        path = hostile.rows_bomb(folder / "liar.xlsx", 1024 * MB)
        return hostile.lie_about_size(path, "xl/worksheets/sheet1.xml", 1000)

    yield "zip header says 1,000 bytes, holds 1 GB", liar
    yield ".ods row repeated 10^6 × 1,000", lambda: hostile.ods_repeat_bomb(folder / "rep.ods")
    yield ".ods content 1 GB", lambda: hostile.ods_content_bomb(folder / "big.ods", 1024 * MB)
    yield "CSV of 300 MB (one line)", lambda: hostile.long_line_csv(folder / "line.csv", 300 * MB)
    yield "CSV line of 150 MB", lambda: hostile.long_line_csv(folder / "line150.csv", 150 * MB)
    yield "plain 100,000 × 30 .xlsx (passes)", lambda: plain_sheet(folder / "plain.xlsx")


def measure(path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parkbase.settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    code = (
        "import django; django.setup(); from tests.imports.hostile import measure_check; "
        f"measure_check({str(path)!r})"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'file':44} {'size':>9} {'peak RSS':>9} {'growth':>8} {'time':>6}  outcome")
        for name, build in cases(folder):
            path = build()
            result = measure(path)
            outcome = result.get("unreadable") or f"read {result.get('row_count')} rows"
            message = result.get("message", "")
            english = message.split(" / ", 1)[-1][:90] if message else ""
            print(
                f"{name[:44]:44} {path.stat().st_size / MB:8.1f}M "
                f"{result['peak_rss_mib']:8.0f}M {result['rss_growth_mib']:7.0f}M "
                f"{result['seconds']:5.1f}s  {outcome} {english}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
