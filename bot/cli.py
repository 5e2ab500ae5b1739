"""The `trainbot` command line: ask, chat, check and export the knowledge base, evaluate."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bot import learn_commands
from bot.hr_commands import (
    cmd_announce,
    cmd_announce_action,
    cmd_announcements,
    cmd_audit,
    cmd_bind_code,
    cmd_import,
    cmd_progress,
    cmd_report,
    cmd_unbind,
)
from handlers import texts
from knowledge.check import check, load_knowledge_base
from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate, format_report, load_labelled
from knowledge.followup import RecentQuestions
from knowledge.render import render_text
from knowledge.results import Answer, Clarify, Fallback, Result, to_json

CHAT_ID = 0  # the terminal is one chat
CHAT_BANNER = "訓練進修小幫手（終端機模式）。輸入問題，輸入數字選擇建議，輸入 q 離開。"


def _engine(args: argparse.Namespace) -> AnswerEngine:
    return AnswerEngine.load(args.kb_dir)


def json_line(data: object) -> str:
    """One JSON object on one line. U+2028/U+2029 are escaped: JSON allows them raw, but many
    line-oriented readers (and JavaScript before ES2019) treat them as line breaks."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def stdin_questions() -> Iterator[tuple[int, str | None, str]]:
    """(line number, question or None, error) for each line of standard input, read as bytes
    so that one line that is not UTF-8 is reported on its own instead of ending the batch."""
    binary = getattr(sys.stdin, "buffer", None)  # absent when a test swaps in a StringIO
    source = binary if binary is not None else (
        line.encode("utf-8", "surrogateescape") for line in sys.stdin)
    for number, raw in enumerate(source, 1):
        raw = raw.rstrip(b"\r\n")
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM
        try:
            yield number, raw.decode("utf-8"), ""
        except UnicodeDecodeError as exc:
            yield number, None, f"not valid UTF-8 at byte {exc.start + 1}"


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.question:
        batch: Iterable[tuple[int, str | None, str]] = [(1, " ".join(args.question), "")]
    else:
        batch = stdin_questions()
    failed = False
    for number, question, error in batch:
        result = None
        if question is not None:
            try:
                result = engine.ask(question)
            except Exception as exc:  # noqa: BLE001 - one bad line must not end the batch
                error = f"could not answer: {type(exc).__name__}"
        if result is None:
            failed = True
            if args.json:
                print(json_line({"line": number, "question": question, "status": "error",
                                 "error": error}), flush=True)
            else:
                print(f"trainbot: line {number}: {error}", file=sys.stderr)
            continue
        if args.json:
            print(json_line(to_json(result)), flush=not args.question)
        else:
            print(render_text(result))
            if not args.question:
                print()
    return 1 if failed else 0


def cmd_chat(args: argparse.Namespace) -> int:
    engine = _engine(args)
    print(CHAT_BANNER)
    recent = RecentQuestions()  # follow-ups ("那留職停薪呢？") lean on the previous question
    choices: list[str] = []
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        text = line.strip()
        if text.lower() in {"q", "quit", "exit"}:
            return 0
        if text.isdigit() and choices and not 1 <= int(text) <= len(choices):
            print(texts.CHAT_OUT_OF_RANGE.format(n=len(choices)))  # the choices stay
            continue
        if text.isdigit() and choices:
            entry = engine.entry(choices[int(text) - 1])
            assert entry is not None
            result: Result = engine.answer_entry(entry)
        else:
            result, seen = engine.ask_traced(line, recent.recall(CHAT_ID, time.monotonic()))
            if seen is not None and not isinstance(result, Fallback):
                recent.remember(CHAT_ID, seen.folded, time.monotonic())
        print(render_text(result))
        if isinstance(result, Clarify):
            choices = [s.entry_id for s in result.suggestions]
        elif isinstance(result, Answer):
            choices = [s.entry_id for s in result.related]
        else:
            choices = []
        if isinstance(result, Answer) and choices:
            print("（輸入數字看相關問題：" + "、".join(
                f"{n}. {s.question}" for n, s in enumerate(result.related, 1)) + "）")


def cmd_kb_check(args: argparse.Namespace) -> int:
    problems = check(args.kb_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    kb = load_knowledge_base(args.kb_dir)
    print(f"ok: {len(kb)} entries in {len(kb.topics())} topics")
    return 0


def cmd_kb_export(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.kb_dir)
    data = {
        "entries": [
            {
                "id": e.id,
                "topic": e.topic,
                "questions": list(e.questions),
                "answer": e.answer,
                "source": e.source.cite(),
                "edition": e.edition_label,
            }
            for e in kb.entries
        ]
    }
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    engine = _engine(args)
    report = evaluate(engine, load_labelled(args.file, engine))
    print(format_report(report, show_misses=not args.quiet))
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        return cmd_run(args)
    return cmd_chat(args)


def cmd_run(args: argparse.Namespace) -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # durations as timedelta, as PTB 23 will
    from bot.app import run
    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"trainbot: {exc}", file=sys.stderr)
        return 2
    run(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trainbot", description="訓練進修小幫手")
    parser.add_argument("--kb-dir", type=Path, default=None, help="knowledge-base folder")
    parser.set_defaults(func=cmd_default)
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer one question, or one per line from stdin")
    ask.add_argument("question", nargs="*", help="the question; omit to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(func=cmd_ask)

    sub.add_parser("chat", help="interactive chat in the terminal").set_defaults(func=cmd_chat)
    sub.add_parser("run", help="run the Telegram bot").set_defaults(func=cmd_run)
    rep = sub.add_parser("report", help="most frequent unanswered, clarified and disliked")
    rep.add_argument("--days", type=int, default=30, help="look back this many days")
    rep.add_argument("--limit", type=int, default=10, help="rows per list")
    rep.add_argument("--csv", type=Path, help="write the lists to this CSV file for a spreadsheet")
    rep.set_defaults(func=cmd_report)

    for kind, help_text in (("hours", "learning-hour records"), ("roster", "the employee roster")):
        group = sub.add_parser(kind, help=f"import {help_text}")
        group_sub = group.add_subparsers(dest=f"{kind}_command", required=True)
        imp = group_sub.add_parser("import", help=f"import {help_text} from a CSV (all or nothing)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.set_defaults(func=cmd_import, kind=kind)

    code = sub.add_parser("bind-code", help="a one-time code and deep link for an employee")
    code.add_argument("employee_id")
    code.set_defaults(func=cmd_bind_code)
    unbind = sub.add_parser("unbind", help="remove an employee's Telegram binding (HR)")
    unbind.add_argument("employee_id")
    unbind.set_defaults(func=cmd_unbind)
    ann = sub.add_parser("announce", help="queue a course announcement from a YAML file")
    ann.add_argument("file", type=Path)
    ann.add_argument("--at", help="send later, e.g. '2024-03-20 08:00' (Taipei time)")
    ann.add_argument("--dry-run", action="store_true", help="print the preview, queue nothing")
    ann.set_defaults(func=cmd_announce)
    for action, help_text in (
        ("cancel", "stop a queued, scheduled or sending announcement"),
        ("correct", "edit every delivered message to the text of FILE; later sends use it"),
        ("withdraw", "stop sending and delete delivered messages (Telegram allows 48 hours)"),
    ):
        act = sub.add_parser(f"announce-{action}", help=f"trainbot announce {action} ID: {help_text}")
        act.add_argument("id", type=int)
        if action == "correct":
            act.add_argument("file", type=Path)
        act.set_defaults(func=cmd_announce_action, action=action)
    anns = sub.add_parser("announcements", help="every announcement with its delivery counts")
    anns.add_argument("--limit", type=int, default=50)
    anns.set_defaults(func=cmd_announcements)
    prog = sub.add_parser("progress", help="who meets each category of the year's hour rule")
    prog.add_argument("--year", help="2024 or 113; default this year")
    prog.add_argument("--unit", help="one 機關 only")
    prog.add_argument("--xlsx", type=Path, help="also write the workbook to this file")
    prog.set_defaults(func=cmd_progress)
    audit = sub.add_parser("audit", help="HR actions: imports, codes, look-ups")
    audit.add_argument("--limit", type=int, default=100)
    audit.set_defaults(func=cmd_audit)

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate every knowledge-base file").set_defaults(
        func=cmd_kb_check
    )
    export = kb_sub.add_parser("export", help="print the knowledge base")
    export.add_argument("--json", action="store_true", required=True, help="as JSON")
    export.set_defaults(func=cmd_kb_export)
    learn_commands.add_parser(kb_sub)

    ev = sub.add_parser("eval", help="accuracy on a labelled question file")
    ev.add_argument("file", type=Path)
    ev.add_argument("--quiet", action="store_true", help="do not list the misses")
    ev.set_defaults(func=cmd_eval)
    return parser


ANNOUNCE_ACTIONS = ("cancel", "correct", "withdraw")


def _with_announce_actions(argv: list[str]) -> list[str]:
    """`announce cancel 12` is `announce-cancel 12`: `announce FILE` keeps its positional."""
    for i, word in enumerate(argv[:-1]):
        if word == "announce" and argv[i + 1] in ANNOUNCE_ACTIONS:
            return [*argv[:i], f"announce-{argv[i + 1]}", *argv[i + 2:]]
        if not word.startswith("-") and (i == 0 or argv[i - 1] != "--kb-dir"):
            break
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    argv = _with_announce_actions(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `trainbot eval … | head`: the reader left, which is not an error
        # Point stdout at /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
