"""Issue 10, items 6 and 7: the CLI with hostile or clumsy input, run as a subprocess."""

from __future__ import annotations

import json

from handlers import texts

from .helpers import cli


async def test_ask_json_reports_a_bad_line_and_goes_on(tmp_path):
    stdin = (
        "留停進修最長可以多久\n".encode()
        + b"\xff\xfe\xe7\x95 broken\n"
        + "補助\n".encode()
        + "分隔\u2028線\u2029問題\n".encode()
    )
    code, out, err = await cli(tmp_path / "x.db", "ask", "--json", stdin=stdin)
    assert "Traceback" not in err
    lines = out.split("\n")[:-1]  # only real newlines separate the objects
    assert 4 == len(lines)
    rows = [json.loads(line) for line in lines]
    assert ["answer", "error", "clarify"] == [r["status"] for r in rows[:3]]
    assert {
        "line": 2,
        "question": None,
        "status": "error",
        "error": "not valid UTF-8 at byte 1",
    } == rows[1]
    assert "分隔\u2028線\u2029問題" == rows[3]["question"]
    assert "\u2028" not in out and "\u2029" not in out and "\\u2028" in out
    assert 1 == code  # the batch went through, but not every line was a question


async def test_chat_keeps_the_choices_after_an_out_of_range_number(tmp_path):
    code, out, err = await cli(tmp_path / "x.db", "chat", stdin="補助\n9\n1\nq\n".encode())
    assert 0 == code, err
    assert texts.CHAT_OUT_OF_RANGE.format(n=3) in out or texts.CHAT_OUT_OF_RANGE.format(n=2) in out
    after = out.split(texts.CHAT_OUT_OF_RANGE.split("{", 1)[0], 1)[1]
    assert "出處：" in after  # "1" still picked the first choice
