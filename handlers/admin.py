"""HR-only commands."""

from __future__ import annotations

import re
from html import escape

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.context import BotContext
from handlers.render import reply_html
from handlers.services import Frequent, UsageReport


def format_report(report: UsageReport, html: bool = True) -> str:
    """The usage report as Telegram HTML, or as plain text for the terminal."""

    def title(text: str) -> str:
        return text if html else re.sub(r"</?b>", "", text)

    def section(heading: str, rows: list[Frequent]) -> list[str]:
        if not rows:
            return [title(heading), texts.REPORT_NONE]
        quote = escape if html else str
        return [title(heading)] + [f"{r.count}× {quote(r.text[:200])}" for r in rows]

    lines = [title(texts.REPORT_TITLE.format(days=report.days, questions=report.questions)), ""]
    lines += section(texts.REPORT_UNANSWERED, report.unanswered) + [""]
    lines += section(texts.REPORT_CLARIFIED, report.clarified) + [""]
    lines += section(texts.REPORT_DISLIKED, report.disliked)
    return "\n".join(lines)


async def report(update: Update, context: BotContext) -> None:
    """Show HR the questions the bot could not answer well (private chat, admins only)."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    if not await context.admin_or_refuse(message, user):
        return
    if message.chat.type != ChatType.PRIVATE:
        return  # reports hold users' questions: never in a group
    await reply_html(message, format_report(context.services.log.usage_report()))


def handlers() -> list[BaseHandler]:
    return [CommandHandler("report", report)]
