"""Issue 10, item 7: a future year, and formulas in files written for HR."""

from __future__ import annotations

import csv

from bot.storage import Storage
from handlers import texts

from ..bot_harness import running_bot
from .helpers import cli, load_roster, say

EMPLOYEE = 4343
FORMULAS = ['=HYPERLINK("http://evil.example/","點我看時數")', "+1+1", "-2+3 是什麼", "@SUM(A1)"]


async def test_future_year_says_no_records_yet(fake, engine, tmp_path):
    db = tmp_path / "y.db"
    load_roster(db)
    with Storage.open(db) as storage:
        code = storage.new_bind_code("A001")
    async with running_bot(fake, engine, db):
        await say(fake, f"/bind {code}", EMPLOYEE)
        for arg, roc, year in (("2031", 120, 2031), ("120", 120, 2031)):
            reply = await say(fake, f"/hours {arg}", EMPLOYEE)
            assert texts.HOURS_FUTURE.format(roc=roc, year=year) == reply
        assert texts.HOURS_BAD_ARG == await say(fake, "/hours 99999", EMPLOYEE)
        assert texts.HOURS_BAD_ARG == await say(fake, "/hours 1999", EMPLOYEE)


async def test_report_csv_neutralises_formulas_users_typed(fake, engine, tmp_path):
    db = tmp_path / "f.db"
    async with running_bot(fake, engine, db):
        for n, text in enumerate(FORMULAS):
            await say(fake, text, 8000 + n)
    out = tmp_path / "report.csv"
    code, stdout, err = await cli(db, "report", "--csv", str(out))
    assert 0 == code, err
    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert [] == dangerous
    assert "'" + FORMULAS[0] in cells  # kept, readable, inert
