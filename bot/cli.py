"""The `trainbot` command line: ask, chat, check and export the knowledge base, evaluate."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from knowledge.check import check, load_knowledge_base
from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate, format_report, load_labelled
from knowledge.render import render_text
from knowledge.results import Answer, Clarify, Result, to_json

CHAT_BANNER = "訓練進修小幫手（終端機模式）。輸入問題，輸入數字選擇建議，輸入 q 離開。"


def _engine(args: argparse.Namespace) -> AnswerEngine:
    return AnswerEngine.load(args.kb_dir)


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.question:
        questions = [" ".join(args.question)]
    else:
        questions = (line.rstrip("\r\n") for line in sys.stdin)  # type: ignore[assignment]
    for question in questions:
        result = engine.ask(question)
        if args.json:
            print(json.dumps(to_json(result), ensure_ascii=False), flush=not args.question)
        else:
            print(render_text(result))
            if not args.question:
                print()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    engine = _engine(args)
    print(CHAT_BANNER)
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
        if text.isdigit() and choices and 1 <= int(text) <= len(choices):
            entry = engine.entry(choices[int(text) - 1])
            assert entry is not None
            result: Result = engine.answer_entry(entry)
        else:
            result = engine.ask(line)
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


def _open_storage(must_exist: bool = True):  # type: ignore[no-untyped-def]
    from bot.config import default_db_path
    from bot.storage import Storage

    path = Path(os.environ.get("TRAINBOT_DB") or default_db_path())
    if must_exist and not path.exists():
        print(f"trainbot: no database at {path} yet (set TRAINBOT_DB)", file=sys.stderr)
        return None
    return Storage.open(path)


def _desk(storage):  # type: ignore[no-untyped-def]
    from bot.hours_desk import Desk
    from knowledge.requirements import Requirements

    days = int(os.environ.get("TRAINBOT_BIND_CODE_DAYS") or 14)
    return Desk(storage, Requirements.load(), days)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def cmd_report(args: argparse.Namespace) -> int:
    from handlers.admin import format_report

    storage = _open_storage()
    if storage is None:
        return 2
    try:
        print(format_report(storage.usage_report(days=args.days, limit=args.limit), html=False))
    finally:
        storage.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from handlers.imports import import_report
    from handlers.services import ImportRejected

    if not args.file.is_file():
        print(f"trainbot: no file {args.file}", file=sys.stderr)
        return 2
    storage = _open_storage(must_exist=False)
    try:
        result = _desk(storage).import_file(args.file, args.kind, _actor(), args.dry_run)
    finally:
        storage.close()
    assert result is not None
    print(import_report(result))
    return 1 if isinstance(result, ImportRejected) else 0


def cmd_bind_code(args: argparse.Namespace) -> int:
    storage = _open_storage()
    if storage is None:
        return 2
    try:
        code = _desk(storage).new_bind_code(args.employee_id, _actor())
        username = storage.meta("bot_username") or os.environ.get("TRAINBOT_BOT_USERNAME")
    finally:
        storage.close()
    if code is None:
        print(f"trainbot: no employee {args.employee_id}; import the roster or hours first",
              file=sys.stderr)
        return 1
    print(f"綁定碼：{code}（單次有效）")
    if username:
        print(f"連結：https://t.me/{username}?start={code}")
    else:
        print("連結：（bot 尚未啟動過，不知道它的名稱；設定 TRAINBOT_BOT_USERNAME 或先執行 trainbot run）")
    print(f"或請同仁私訊 bot：/bind {code}")
    return 0


def cmd_unbind(args: argparse.Namespace) -> int:
    storage = _open_storage()
    if storage is None:
        return 2
    try:
        done = storage.unbind_employee(args.employee_id)
        storage.audit(_actor(), "unbind", args.employee_id, "ok" if done else "not bound")
    finally:
        storage.close()
    print(f"已解除 {args.employee_id} 的綁定" if done else f"{args.employee_id} 沒有綁定")
    return 0


def cmd_announce(args: argparse.Namespace) -> int:
    import yaml

    from handlers.render import announcement_html, plain_text
    from knowledge.announcement import Announcement, parse_announcement
    from knowledge.dates import TAIPEI, parse_datetime, roc_when

    try:
        raw = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"{args.file}: cannot read: {exc}", file=sys.stderr)
        return 1
    parsed = parse_announcement(raw) if isinstance(raw, dict) else ["-: 檔案須是 YAML 對照表（key: value）"]
    if not isinstance(parsed, Announcement):
        for problem in parsed:
            print(f"{args.file}: {problem}", file=sys.stderr)
        return 1
    send_at = None
    if args.at:
        send_at = parse_datetime(args.at)
        if send_at is None or send_at <= dt.datetime.now(TAIPEI):
            print(f"trainbot: --at {args.at!r} must be a future time such as '2024-03-20 08:00'",
                  file=sys.stderr)
            return 2
    if args.dry_run:
        print(plain_text(announcement_html(parsed)))
        print(f"\n（試算：發送對象 {parsed.audience.describe()}" + (f"，{roc_when(send_at)} 發送" if send_at else "") + "；未排入佇列）")
        return 0
    storage = _open_storage(must_exist=False)
    try:
        announcement_id = storage.queue_announcement(parsed, _actor(), None, send_at)
        storage.audit(_actor(), "announce", str(announcement_id), parsed.title)
    finally:
        storage.close()
    when = f"排程於 {roc_when(send_at)} 發送" if send_at else "執行中的 bot 會在 5 秒內開始發送"
    print(f"已排入第 {announcement_id} 號公告：{when}。進度請用 trainbot announcements 查看。")
    return 0


def cmd_announcements(args: argparse.Namespace) -> int:
    from handlers.announce import announcements_text
    from handlers.render import plain_text

    storage = _open_storage()
    if storage is None:
        return 2
    try:
        print(plain_text(announcements_text(storage.list_announcements(args.limit), storage.interested)))
    finally:
        storage.close()
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    storage = _open_storage()
    if storage is None:
        return 2
    try:
        rows = storage.audit_log(args.limit)
    finally:
        storage.close()
    for at, actor, action, target, detail in rows:
        print(f"{at}\t{actor}\t{action}\t{target}\t{detail}")
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
    anns = sub.add_parser("announcements", help="every announcement with its delivery counts")
    anns.add_argument("--limit", type=int, default=50)
    anns.set_defaults(func=cmd_announcements)
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

    ev = sub.add_parser("eval", help="accuracy on a labelled question file")
    ev.add_argument("file", type=Path)
    ev.add_argument("--quiet", action="store_true", help="do not list the misses")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
