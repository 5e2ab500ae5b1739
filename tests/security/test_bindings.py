"""Issue 10, item 1: a superseded, lost or outstanding binding code never binds later."""

from __future__ import annotations

import re

from handlers import texts

from ..bot_harness import running_bot
from .helpers import cli, load_roster, rows, say

EMPLOYEE, ATTACKER = 4242, 6666


def code_from(out: str) -> str:
    found = re.search(r"綁定碼：([A-Z0-9]+)", out)
    assert found, out
    return found.group(1)


async def test_old_codes_die_when_a_new_one_is_issued_and_on_every_unbind(fake, engine, tmp_path):
    db = tmp_path / "bind.db"
    load_roster(db)
    async with running_bot(fake, engine, db):
        rc, out, _ = await cli(db, "bind-code", "A001")
        lost = code_from(out)
        rc, out, _ = await cli(db, "bind-code", "A001")  # the first one was lost
        assert 0 == rc and texts.BIND_CODE_REVOKES.format(id="A001") in out
        second = code_from(out)

        assert (await say(fake, f"/bind {lost}", ATTACKER)).startswith("這個綁定碼已失效")
        assert (await say(fake, f"/bind {second}", EMPLOYEE)).startswith("綁定完成：王小明")

        # HR removes the binding: the employee is told, and the lost code still does not bind.
        rc, out, _ = await cli(db, "unbind", "A001")
        assert 0 == rc
        notice = await fake.wait_for("sendMessage", 2, chat_id=EMPLOYEE)
        assert texts.UNBOUND_BY_HR == notice[-1].params["text"]
        assert not (await say(fake, f"/bind {lost}", ATTACKER)).startswith("綁定完成")
        assert texts.HOURS_NOT_BOUND == await say(fake, "/hours", ATTACKER)

        # A code outstanding while bound dies when the employee unbinds themselves.
        _, out, _ = await cli(db, "bind-code", "A001")
        third = code_from(out)
        assert (await say(fake, f"/bind {third}", EMPLOYEE)).startswith("綁定完成")
        _, out, _ = await cli(db, "bind-code", "A001")  # issued while bound: e.g. a mistake
        spare = code_from(out)
        assert texts.UNBIND_OK == await say(fake, "/unbind", EMPLOYEE)
        assert not (await say(fake, f"/bind {spare}", ATTACKER)).startswith("綁定完成")
    assert [] == rows(db, "SELECT * FROM bindings")
    assert [] == rows(db, "SELECT * FROM bind_codes WHERE used_at IS NULL AND revoked_at IS NULL")
