"""Shared moves for the attack tests: the CLI as a subprocess, a message and its reply."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import sys
from pathlib import Path

from bot.storage import Storage

from ..conftest import ROOT
from ..fake_telegram import FakeTelegram

ROSTER = "員工編號,姓名,機關,職稱,身分\nA001,王小明,人事處,科員,公務人員\nA002,陳美麗,工務局,技士,約聘僱\n"


async def cli(
    db: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """`trainbot ARGS` as its own process against the database `db`."""
    full_env = {**os.environ, "TRAINBOT_DB": str(db), **(env or {})}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=full_env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin), timeout=60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def load_roster(db: Path) -> None:
    """Two employees, written directly: the roster import itself is not under test here."""
    storage = Storage.open(db)
    try:
        for line in ROSTER.splitlines()[1:]:
            ident, name, agency, title, status = line.split(",")
            storage.db.execute(
                "INSERT INTO employees (id, name, agency, title, status) VALUES (?, ?, ?, ?, ?)",
                [ident, name, agency, title, status],
            )
        storage.db.conn.commit()
    finally:
        storage.close()


async def say(fake: FakeTelegram, text: str, user: int) -> str:
    """Send a private message and return the bot's next reply to that chat."""
    before = len(fake.sent("sendMessage", chat_id=user))
    fake.push_text(text, user_id=user)
    return (await fake.wait_for("sendMessage", before + 1, chat_id=user))[-1].params["text"]


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


def places_holding(db: Path, value: int) -> set[str]:
    """Every table.column of the database whose stored value is, or contains, `value`."""
    found = set()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, cell in zip(columns, row, strict=True):
                    # The number whole, not digits inside another (9001 in a timestamp's .900123).
                    if cell == value or (isinstance(cell, str) and re.search(rf"(?<!\d){value}(?!\d)", cell)):
                        found.add(f"{table}.{column}")
    return found


def message_at(chat_id: int, message_id: int = 1) -> dict:
    return {"message_id": message_id, "date": 0, "chat": {"id": chat_id, "type": "private"}}
