"""Import speed and memory, and /hours latency; prints the figures the README quotes.

- `trainbot hours import` of a generated 100,000-row CSV into a fresh database, as its own
  process: wall time and peak RSS, next to the same command on 1,000 rows (memory must not
  grow with the file: rows are streamed);
- building and rendering /hours for an employee with 500 records: p50/p99 over 1,000 calls;
- question latency while an HR admin's 100,000-row file is imported through Telegram (the real
  Application against the fake Bot API server; the import runs on a worker thread);
- how long the merge of a ~20 MB file holds the database's write lock (what questions and a
  second import wait for), into a fresh database and again with every row unchanged.
Run: python benchmarks/hours_speed.py  (--lock-only for the last figure alone)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.hours_desk import Desk  # noqa: E402
from bot.imports import parse_hours  # noqa: E402
from bot.storage import Storage  # noqa: E402
from handlers.hours import hours_html  # noqa: E402
from knowledge.computation.requirements import Requirements  # noqa: E402

CATEGORIES = ["業務相關", "環境教育", "性別主流化", "政策性", "業務相關、政策性", ""]
MODES = ["數位", "實體", "混成", ""]


def generate(path: Path, rows: int, people: int = 2000) -> None:
    rng = random.Random(3)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n")
        for i in range(rows):
            person = i % people
            day = dt.date(2024, 1, 1) + dt.timedelta(days=(i // people) % 360)
            date = f"{day.year - 1911}/{day.month:02d}/{day.day:02d}" if i % 2 else day.isoformat()
            fh.write(f"E{person:05d},員工{person},課程{i // people},{date},{rng.choice([1, 1.5, 2, 3, 6])},"
                     f"{rng.choice(MODES)},{rng.choice(CATEGORIES)}\n")


def timed_import(csv_path: Path, db: Path) -> tuple[float, float]:
    env = {**os.environ, "TRAINBOT_DB": str(db), "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "hours", "import", str(csv_path)],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(rss, before) / 1024


def hours_latency(tmp: Path) -> tuple[float, float]:
    csv_path = tmp / "one.csv"
    with csv_path.open("w", encoding="utf-8") as fh:
        fh.write("員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n")
        for i in range(500):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 360)
            fh.write(f"P1,王小明,課程{i},{day.isoformat()},1.5,{MODES[i % 4]},{CATEGORIES[i % 6]}\n")
    storage = Storage.open(tmp / "one.db")
    desk = Desk(storage, Requirements.load())
    desk.import_file(csv_path, "hours", "bench")
    times = []
    for _ in range(1000):
        t0 = time.perf_counter()
        view = desk.hours("P1", 2024)
        assert view is not None and view.records == 500
        hours_html(view)
        times.append(time.perf_counter() - t0)
    storage.close()
    times.sort()
    return times[500] * 1000, times[990] * 1000


async def questions_during_import(csv_path: Path, db: Path) -> tuple[float, float, float]:
    from knowledge.engine import AnswerEngine
    from tests.bot_harness import ADMIN_ID, running_bot
    from tests.fake_telegram import FakeTelegram

    engine = AnswerEngine.load()
    fake = FakeTelegram()
    await fake.start()
    asked: dict[int, int] = {}
    async with running_bot(fake, engine, db):
        start = time.perf_counter()
        fake.push_document("hours.csv", csv_path.read_bytes(), user_id=ADMIN_ID)
        n = 0
        while not fake.sent("sendMessage", chat_id=ADMIN_ID):
            asked[700_000 + n] = fake.push_text("留停去讀書可以留多久", user_id=700_000 + n)
            n += 1
            await asyncio.sleep(0.05)
        import_s = time.perf_counter() - start
        report = fake.sent("sendMessage", chat_id=ADMIN_ID)[0].params["text"]
        assert report.startswith("時數匯入完成"), report
        await asyncio.sleep(0.5)
    await fake.stop()
    replies = {int(c.params["chat_id"]): c.at for c in fake.sent("sendMessage")}
    lat = sorted((replies[u] - fake.available_at[uid]) * 1000 for u, uid in asked.items())
    return import_s, lat[len(lat) // 2], lat[int(len(lat) * 0.99)]


def lock_hold(tmp: Path) -> tuple[float, float, float]:
    """Seconds the write lock is held merging a ~20 MB file: fresh, then all unchanged."""
    csv_path = tmp / "20mb.csv"
    generate(csv_path, 345_000, people=5000)
    storage = Storage.open(tmp / "lock.db")
    requirements = Requirements.load()
    held = []
    for _ in range(2):
        result = storage.import_hours(parse_hours(csv_path, requirements), "bench", "20mb.csv")
        assert result.__class__.__name__ == "ImportSummary", result
        held.append(storage.last_lock_seconds)
    storage.close()
    return csv_path.stat().st_size / 1e6, held[0], held[1]


def main() -> None:
    if "--lock-only" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp_dir:
            size, fresh, again = lock_hold(Path(tmp_dir))
        print(f"write lock held merging {size:.1f} MB: {fresh:.2f} s into a fresh database, "
              f"{again:.2f} s re-imported unchanged")
        return
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        small, big = tmp / "small.csv", tmp / "big.csv"
        generate(small, 1_000)
        generate(big, 100_000)
        small_s, small_rss = timed_import(small, tmp / "small.db")
        big_s, big_rss = timed_import(big, tmp / "big.db")
        again_s, _ = timed_import(big, tmp / "big.db")
        p50, p99 = hours_latency(tmp)
        size_mb = big.stat().st_size / 1e6
        tg_s, q50, q99 = asyncio.run(questions_during_import(big, tmp / "tg.db"))
        lock_size, lock_fresh, lock_again = lock_hold(tmp)
    print(f"import 100,000 rows ({size_mb:.1f} MB) into a fresh database: "
          f"{big_s:.1f} s, peak RSS {big_rss:.0f} MB (1,000 rows: {small_s:.1f} s, {small_rss:.0f} MB)")
    print(f"re-import of the same 100,000 rows (all unchanged): {again_s:.1f} s")
    print(f"/hours for an employee with 500 records (query + render): p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    print(f"questions while 100,000 rows are imported through Telegram ({tg_s:.1f} s until the "
          f"report): p50 {q50:.1f} ms, p99 {q99:.1f} ms")
    print(f"write lock held merging {lock_size:.1f} MB: {lock_fresh:.2f} s into a fresh database, "
          f"{lock_again:.2f} s re-imported unchanged")


if __name__ == "__main__":
    main()
