"""Issue 10, item 5 and the proof list: hostile and clumsy CSV files, and a busy database.

Each ends in a clear, line-numbered or "busy, try again" message with nothing changed, in the
CLI (as a subprocess) and when the file is sent to the bot.
"""

from __future__ import annotations

import sqlite3
import time

from handlers import texts

from ..bot_harness import ADMIN_ID, running_bot
from .helpers import cli, load_roster, rows

HEADER = "員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n"
GOOD = "A001,王小明,環境教育講座,113/03/22,2,實體,環境教育\n"


def stray_quote_file(path, filler_lines=6000):
    """Line 3 opens a quote that never closes; the rest of the file falls into one field."""
    body = GOOD + 'A002,陳美麗,"公文寫作,113/04/01,3,數位,業務相關\n'
    filler = "".join(
        f"A001,王小明,課程{i},113/05/01,1,實體,業務相關\n" for i in range(filler_lines)
    )
    path.write_text(HEADER + body + filler, encoding="utf-8")
    return path


async def send_file(fake, name, content, user=ADMIN_ID):
    before = len(fake.sent("sendMessage", chat_id=user))
    fake.push_document(name, content, user_id=user)
    return (await fake.wait_for("sendMessage", before + 1, chat_id=user, timeout=60))[-1].params[
        "text"
    ]


async def test_stray_quote_is_a_line_numbered_rejection(fake, engine, tmp_path):
    db = tmp_path / "q.db"
    load_roster(db)
    bad = stray_quote_file(tmp_path / "stray.csv")
    short = tmp_path / "short.csv"  # the quote swallows only a few lines: still caught
    short.write_text(
        HEADER + GOOD + 'A002,陳美麗,"公文寫作,113/04/01,3,數位,業務相關\n' + GOOD,
        encoding="utf-8",
    )
    for path in (bad, short):
        code, out, err = await cli(db, "hours", "import", str(path))
        assert 1 == code, err
        assert (
            out.startswith("匯入失敗，資料庫沒有任何變動") and "第 3 行" in out and "引號" in out
        )
        assert "Traceback" not in err
    async with running_bot(fake, engine, db):
        reply = await send_file(fake, "stray.csv", bad.read_bytes())
    assert reply.startswith("匯入失敗，資料庫沒有任何變動") and "第 3 行" in reply
    assert [] == rows(db, "SELECT * FROM hour_records")


async def test_import_while_the_database_is_locked_says_busy(fake, engine, tmp_path):
    db = tmp_path / "busy.db"
    load_roster(db)
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another import is merging
    try:
        started = time.perf_counter()
        code, out, err = await cli(db, "hours", "import", str(good))
        assert 1 == code and "Traceback" not in err, err
        assert texts.IMPORT_BUSY.split("{", 1)[0] in out
        assert time.perf_counter() - started < 15
    finally:
        holder.rollback()
    async with running_bot(fake, engine, db):
        holder.execute("BEGIN IMMEDIATE")
        try:
            reply = await send_file(fake, "good.csv", good.read_bytes())
        finally:
            holder.rollback()
            holder.close()
    assert texts.IMPORT_BUSY.split("{", 1)[0] in reply
    assert [] == rows(db, "SELECT * FROM hour_records")
    code, out, _ = await cli(db, "hours", "import", str(good))  # free again: it goes through
    assert 0 == code and "新增 1" in out


async def test_200000_line_file_with_one_bad_line(tmp_path):
    db = tmp_path / "big.db"
    load_roster(db)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(200_000):
            date = "113/02/30" if i == 199_990 else "113/05/01"
            fh.write(f"A001,王小明,課程{i},{date},1,實體,業務相關\n")
    code, out, err = await cli(db, "hours", "import", str(big))
    assert 1 == code, err
    assert "第 199992 行" in out and "無法辨識" in out
    assert [] == rows(db, "SELECT * FROM hour_records")
