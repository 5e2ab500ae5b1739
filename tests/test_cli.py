import io
import json
import re
import subprocess
import sys

from bot.cli import build_parser, main

from .conftest import ROOT


def test_ask_prints_answer_with_source_and_edition(capsys):
    assert 0 == main(["ask", "部分辦公時間進修一週公假最多幾小時"])
    out = capsys.readouterr().out
    assert out.startswith("每人每週最多8小時")
    assert "出處：" in out and "版本：" in out


def test_ask_numbers_the_choices_when_clarifying(capsys):
    main(["ask", "補助"])
    out = capsys.readouterr().out
    assert re.search(r"^1\. .+\n2\. .+", out, re.M)


def test_ask_json_reads_one_question_per_line_in_order(monkeypatch, capsys):
    questions = ["留停進修最長可以多久", "", "😀", "天氣", "<script>alert(1)</script>", "補助"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    assert 0 == main(["ask", "--json"])
    lines = capsys.readouterr().out.splitlines()
    assert len(questions) == len(lines)
    rows = [json.loads(line) for line in lines]
    assert questions == [r["question"] for r in rows]
    assert ["answer", "fallback", "fallback", "fallback"] == [r["status"] for r in rows[:4]]
    assert "clarify" == rows[5]["status"] and rows[5]["suggestions"]


def test_kb_export_json_shape(capsys):
    assert 0 == main(["kb", "export", "--json"])
    data = json.loads(capsys.readouterr().out)
    entry = data["entries"][0]
    assert {"id", "topic", "questions", "answer", "source", "edition"} == set(entry)
    assert len(data["entries"]) >= 60


def test_eval_prints_accuracy_by_topic_and_style(capsys):
    assert 0 == main(["eval", str(ROOT / "tests" / "heldout_questions.tsv"), "--quiet"])
    out = capsys.readouterr().out
    assert "by topic:" in out and "by style:" in out and "in-scope" in out


def test_chat_answers_and_picks_a_choice_by_number():
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="補助\n1\nq\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert 0 == proc.returncode, proc.stderr
    assert "1. " in proc.stdout
    assert "出處：" in proc.stdout.split("1. ", 1)[1]


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = []
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse has no public API
        for name, sub in action.choices.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                commands += [f"trainbot {name} {n}" for n in nested[0].choices]
            else:  # announce-cancel is typed (and documented) as `announce cancel`
                commands.append(f"trainbot {name.replace('announce-', 'announce ')}")
    missing = [c for c in commands if c not in readme]
    assert [] == missing


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(ln for ln in ci.splitlines() if ln.startswith("python3 -m venv"))
    assert f"```bash\n{command}\n```" in readme


def test_every_bot_command_is_documented_in_the_readme():
    from telegram.ext import CommandHandler

    from bot.app import FEATURES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = {
        c
        for feature in FEATURES
        for h in feature.handlers()
        if isinstance(h, CommandHandler)
        for c in h.commands
    }
    assert {"start", "help", "privacy", "report", "hours", "bind", "unbind", "remind"} <= commands
    assert [] == [c for c in sorted(commands) if not re.search(rf"`/{c}[` ]", readme)]
