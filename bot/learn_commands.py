"""`trainbot kb suggest [approve N | reject N]`: HR's review of phrasings learnt from use.

It opens the bot's database (`TRAINBOT_DB`) and the knowledge-base folder directly; a running
bot notices the edited file within seconds and reloads (see bot/kb_watch.py).
"""

from __future__ import annotations

import argparse
import sys

from bot.hr_commands import _actor, _open_storage


def cmd_kb_suggest(args: argparse.Namespace) -> int:
    from bot.learning_desk import LearningDesk
    from handlers import texts
    from handlers.learning import format_decision, format_suggestion
    from knowledge.engine import AnswerEngine

    if (args.action is None) != (args.id is None):
        print("trainbot: use `kb suggest`, `kb suggest approve N` or `kb suggest reject N`",
              file=sys.stderr)
        return 2
    storage = _open_storage()
    if storage is None:
        return 2
    engine = AnswerEngine.load(args.kb_dir)
    with storage:
        desk = LearningDesk(storage, lambda: engine, args.kb_dir)
        if args.action is None:
            items = desk.suggestions(args.limit)
            if not items:
                print(texts.SUGGEST_NONE)
            for s in items:
                print(format_suggestion(s, engine, html=False), end="\n\n")
            return 0
        decision = desk.decide(args.id, args.action == "approve", _actor())
    print(format_decision(decision, args.id, html=False))
    return 0 if decision.outcome in ("approved", "rejected") else 1


def add_parser(kb_sub: argparse._SubParsersAction) -> None:
    """`kb suggest` under `trainbot kb`."""
    sug = kb_sub.add_parser("suggest", help="phrasings learnt from use; approve N or reject N")
    sug.add_argument("action", nargs="?", choices=("approve", "reject"))
    sug.add_argument("id", nargs="?", type=int, help="the suggestion's number")
    sug.add_argument("--limit", type=int, default=20, help="suggestions listed")
    sug.set_defaults(func=cmd_kb_suggest)
