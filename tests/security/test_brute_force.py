"""Proof list: guessing binding codes from many accounts."""

from __future__ import annotations

import asyncio
import secrets

from bot.storage import Storage
from bot.storage.people import CODE_ALPHABET, GUESSING_ALERT, MAX_WRONG

from ..bot_harness import running_bot
from .helpers import load_roster, rows

ACCOUNTS = 12


async def test_many_accounts_guessing_codes_bind_nothing_and_alert_hr(fake, engine, tmp_path):
    db = tmp_path / "g.db"
    load_roster(db)
    with Storage.open(db) as storage:
        real = storage.new_bind_code("A001")
    attackers = [900_000 + n for n in range(ACCOUNTS)]
    guesses_each = MAX_WRONG + 1
    async with running_bot(fake, engine, db):
        for _ in range(guesses_each):
            for user in attackers:
                guess = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
                fake.push_text(f"/bind {guess}", user_id=user)
        await fake.wait_for("sendMessage", ACCOUNTS * guesses_each, timeout=30)
        # A 13th account (or the employee) still binds with the real code: no global lockout.
        fake.push_text(f"/bind {real}", user_id=4242)
        ok = (await fake.wait_for("sendMessage", 1, chat_id=4242))[0].params["text"]
        await asyncio.sleep(0.2)
    assert ok.startswith("綁定完成")
    for user in attackers:
        last = fake.sent("sendMessage", chat_id=user)[-1].params["text"]
        assert last.startswith("錯誤次數太多")  # the sixth try is refused unchecked
    assert [(4242, "A001")] == rows(db, "SELECT user_id, employee_id FROM bindings")
    wrong = rows(db, "SELECT COUNT(*) FROM bind_attempts WHERE ok = 0")[0][0]
    assert ACCOUNTS * MAX_WRONG == wrong  # locked tries are not even checked
    assert wrong >= GUESSING_ALERT
    alerts = rows(db, "SELECT actor, detail FROM audit WHERE action = 'bind-codes-guessing'")
    assert 1 == len(alerts) and "system" == alerts[0][0]
    assert alerts[0][1].startswith(f"{GUESSING_ALERT} wrong codes within an hour from ")
