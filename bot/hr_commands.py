"""`trainbot` commands for HR's data: imports, binding codes, announcements, reports, audit.

They open the bot's database (`TRAINBOT_DB`) directly, so they work whether or not the bot is
running; a running bot picks up what they queue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.hours_desk import Desk
    from bot.storage import Storage


def _db_path() -> Path:
    from bot.config import default_db_path

    return Path(os.environ.get("TRAINBOT_DB") or default_db_path())


def _new_or_existing_storage() -> Storage:
    """The database, created if this is the first thing HR does (an import, an announcement)."""
    from bot.storage import Storage

    return Storage.open(_db_path())


def _open_storage() -> Storage | None:
    """The existing database, or None (and a message) when there is none yet to read."""
    path = _db_path()
    if not path.exists():
        print(f"trainbot: no database at {path} yet (set TRAINBOT_DB)", file=sys.stderr)
        return None
    return _new_or_existing_storage()


def _desk(storage: Storage) -> Desk:
    from bot.hours_desk import Desk
    from knowledge.computation.requirements import Requirements

    days = int(os.environ.get("TRAINBOT_BIND_CODE_DAYS") or 14)
    return Desk(storage, Requirements.load(), days)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def cmd_report(args: argparse.Namespace) -> int:
    from handlers.admin import format_report

    storage = _open_storage()
    if storage is None:
        return 2
    with storage:
        report = storage.usage_report(days=args.days, limit=args.limit)
    if args.csv is not None:
        from bot.export import write_csv

        lists = (("unanswered", report.unanswered), ("clarified", report.clarified),
                 ("disliked", report.disliked))
        written = write_csv(args.csv, ["list", "count", "question", "entry_id"],
                            ([name, r.count, r.text, r.entry_id or ""]
                             for name, rows in lists for r in rows))
        print(f"已寫入 {args.csv}：{written} 列")
        return 0
    print(format_report(report, html=False))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from handlers.imports import import_report
    from handlers.services import ImportRejected

    if not args.file.is_file():
        print(f"trainbot: no file {args.file}", file=sys.stderr)
        return 2
    storage = _new_or_existing_storage()
    with storage:
        result = _desk(storage).import_file(args.file, args.kind, _actor(), args.dry_run)
    assert result is not None
    print(import_report(result))
    return 1 if isinstance(result, ImportRejected) else 0


def cmd_bind_code(args: argparse.Namespace) -> int:
    storage = _open_storage()
    if storage is None:
        return 2
    with storage:
        code = _desk(storage).new_bind_code(args.employee_id, _actor())
        username = storage.meta("bot_username") or os.environ.get("TRAINBOT_BOT_USERNAME")
    if code is None:
        print(f"trainbot: no employee {args.employee_id}; import the roster or hours first",
              file=sys.stderr)
        return 1
    from handlers import texts

    print(f"綁定碼：{code}（單次有效）")
    print(texts.BIND_CODE_REVOKES.format(id=args.employee_id))
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
    from handlers import texts

    with storage:
        user_id = storage.unbind_employee(args.employee_id)
        if user_id is not None:  # the running bot tells them within seconds
            storage.queue_notice(user_id, texts.UNBOUND_BY_HR)
        storage.audit(_actor(), "unbind", args.employee_id,
                      "ok" if user_id is not None else "not bound")
    if user_id is not None:
        print(f"已解除 {args.employee_id} 的綁定，並通知該 Telegram 帳號；先前的綁定碼全部失效。")
    else:
        print(f"{args.employee_id} 沒有綁定；先前的綁定碼全部失效。")
    return 0


def cmd_announce(args: argparse.Namespace) -> int:
    import yaml

    from handlers.render import announcement_html, plain_text
    from knowledge.announcements.announcement import Announcement, parse_announcement
    from knowledge.computation.dates import TAIPEI, parse_datetime, roc_when

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
    storage = _new_or_existing_storage()
    with storage:
        announcement_id = storage.queue_announcement(parsed, _actor(), None, send_at)
        storage.audit(_actor(), "announce", str(announcement_id), parsed.title)
    when = f"排程於 {roc_when(send_at)} 發送" if send_at else "執行中的 bot 會在 5 秒內開始發送"
    print(f"已排入第 {announcement_id} 號公告：{when}。進度請用 trainbot announcements 查看。")
    return 0


def _read_announcement(path: Path) -> object:
    """The file's Announcement, or the list of problems to print."""
    import yaml

    from knowledge.announcements.announcement import parse_announcement

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [f"-: cannot read: {exc}"]
    return parse_announcement(raw) if isinstance(raw, dict) else ["-: 檔案須是 YAML 對照表（key: value）"]


def cmd_announce_action(args: argparse.Namespace) -> int:
    """`trainbot announce cancel|correct|withdraw ID [FILE]`: recorded now, carried out by
    the running bot (within 5 s), reported in `trainbot announcements`."""
    from handlers import texts
    from knowledge.announcements.announcement import Announcement

    new = None
    if args.action == "correct":
        new = _read_announcement(args.file)
        if not isinstance(new, Announcement):
            for problem in new:  # type: ignore[attr-defined]
                print(f"{args.file}: {problem}", file=sys.stderr)
            return 1
    storage = _open_storage()
    if storage is None:
        return 2
    with storage:
        if args.action == "cancel":
            outcome = storage.cancel_announcement(args.id, _actor())
            done = texts.CANCEL_OK
        elif args.action == "withdraw":
            outcome = storage.withdraw_announcement(args.id, _actor())
            done = texts.WITHDRAW_OK.split("，完成後")[0] + "。"
        else:
            assert isinstance(new, Announcement)
            outcome = storage.correct_announcement(args.id, new, _actor())
            done = texts.CORRECT_OK.split("，完成後")[0] + "。"
    if outcome != "ok":
        print(texts.AMEND_REFUSED.get(outcome, texts.AMEND_REFUSED["missing"]).format(id=args.id),
              file=sys.stderr)
        return 1
    print(done.format(id=args.id) + "進度請用 trainbot announcements 查看。")
    return 0


def cmd_announcements(args: argparse.Namespace) -> int:
    from handlers.courses import announcements_text
    from handlers.render import plain_text

    storage = _open_storage()
    if storage is None:
        return 2
    with storage:
        rows = storage.list_announcements(args.limit)
        print(plain_text(announcements_text(rows, storage.interested, storage.edit_counts,
                                            storage.announcement_actions)))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    storage = _open_storage()
    if storage is None:
        return 2
    import re

    with storage:
        rows = storage.audit_log(args.limit)
        # Telegram actors are stored as pseudonyms; name the ones that are admins today.
        admins = [a for a in re.split(r"[,\s]+", os.environ.get("TRAINBOT_ADMINS", "")) if a]
        known = {storage.pseudonymise(f"telegram:{a}"): f"telegram:{a}" for a in admins
                 if a.lstrip("-").isdigit()}
    for at, actor, action, target, detail in rows:
        print(f"{at}\t{known.get(actor, actor)}\t{action}\t{target}\t{detail}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    """The completion report in the terminal; --xlsx also writes the workbook."""
    from bot.progress_desk import ProgressDesk
    from handlers.progress import format_progress, parse_year, problem_text
    from handlers.services import ProgressProblem
    from knowledge.computation.dates import TAIPEI
    from knowledge.computation.requirements import Requirements

    year = dt.datetime.now(TAIPEI).year
    if args.year is not None:
        parsed = parse_year(str(args.year))
        if parsed is None:
            print(f"trainbot: --year {args.year}: a year such as 2024 or 113", file=sys.stderr)
            return 2
        year = parsed
    storage = _open_storage()
    if storage is None:
        return 2
    with storage:
        desk = ProgressDesk(storage, Requirements.load())
        report = desk.report(year, args.unit, _actor())
        if isinstance(report, ProgressProblem):
            print(problem_text(report, year, args.unit), file=sys.stderr)
            return 1
        print(format_progress(report, html=False, names=None))
        if args.xlsx:
            args.xlsx.write_bytes(desk.workbook(report))
            print(f"\n已寫入 {args.xlsx}")
    return 0
