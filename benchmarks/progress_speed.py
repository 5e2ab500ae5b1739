"""The completion report for 10,000 employees with 200,000 hour rows: time to build the
table, the chart and the workbook, and the peak memory of the whole process.
Run: python benchmarks/progress_speed.py
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.hours_desk import Desk  # noqa: E402
from bot.progress_desk import ProgressDesk  # noqa: E402
from bot.storage import Storage  # noqa: E402
from handlers.progress import format_progress  # noqa: E402
from knowledge.computation.requirements import Requirements  # noqa: E402

EMPLOYEES = 10_000
ROWS = 200_000
YEAR = 2024
UNITS = [f"第{n:02d}局" for n in range(1, 41)]
CATEGORIES = ["業務相關", "業務相關", "環境教育", "性別主流化", "政策性", "業務相關、政策性"]


def write_files(folder: Path) -> tuple[Path, Path]:
    rnd = random.Random(11)
    roster = folder / "roster.csv"
    names = {f"E{n:05d}": f"員工{n:05d}" for n in range(EMPLOYEES)}
    with roster.open("w", encoding="utf-8") as out:
        out.write("員工編號,姓名,機關,職稱,身分\n")
        for n, (eid, name) in enumerate(names.items()):
            out.write(f"{eid},{name},{UNITS[n % len(UNITS)]},科員,公務人員\n")
    hours = folder / "hours.csv"
    with hours.open("w", encoding="utf-8") as out:
        out.write("員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n")
        for n in range(ROWS):
            eid = f"E{n % EMPLOYEES:05d}"
            mode = "數位" if rnd.random() < 0.3 else "實體"
            out.write(f"{eid},{names[eid]},課程{n},{YEAR}-{1 + n % 11:02d}-{1 + n % 28:02d},"
                      f"{rnd.choice([1, 1.5, 2, 3])},{mode},{rnd.choice(CATEGORIES)}\n")
    return roster, hours


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster, hours = write_files(folder)
        with Storage.open(folder / "p.db") as storage:
            desk = Desk(storage, Requirements.load())
            desk.import_file(roster, "roster", "bench")
            desk.import_file(hours, "hours", "bench")
            progress = ProgressDesk(storage, desk.requirements)
            started = time.perf_counter()
            report = progress.report(YEAR)
            assert not isinstance(report, type(None))
            table = format_progress(report)  # type: ignore[arg-type]
            built = time.perf_counter()
            png = progress.chart(report)  # type: ignore[arg-type]
            charted = time.perf_counter()
            book = progress.workbook(report)  # type: ignore[arg-type]
            booked = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"employees {EMPLOYEES:,}, hour rows {ROWS:,}, units {len(UNITS)}")
    print(f"report (read + count + table text, {len(table):,} chars): {built - started:.2f} s")
    print(f"chart PNG ({len(png or b'') / 1024:.0f} KB, first use loads the font): "
          f"{charted - built:.2f} s")
    print(f"workbook .xlsx ({len(book) / 1024:.0f} KB, {len(UNITS) + 1} sheets): "
          f"{booked - charted:.2f} s")
    print(f"peak RSS of the process (import included): {peak:.0f} MB")


if __name__ == "__main__":
    main()
