"""Announcements after they are sent: employees list current courses and tap 我有興趣;
HR sees delivery counts and who is interested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import callbacks, texts
from handlers.context import BotContext
from handlers.render import reply_html
from knowledge.dates import TAIPEI, roc_when


async def courses_command(update: Update, context: BotContext) -> None:
    """/courses: upcoming course announcements, soonest first."""
    message = update.effective_message
    store = context.services.announcements
    if message is None or store is None:
        return
    courses = sorted(store.current_courses(),
                     key=lambda c: c.announcement.starts_at or dt.datetime.max.replace(tzinfo=TAIPEI))
    if not courses:
        await message.reply_text(texts.COURSES_NONE, do_quote=False)
        return
    lines = [texts.COURSES_TITLE]
    for c in courses[:20]:
        a = c.announcement
        bits = [b for b in (roc_when(a.starts_at), a.place, f"{a.hours:g} 小時" if a.hours else "") if b]
        lines.append(f"・<b>{escape(a.title)}</b>" + (f"　{escape('，'.join(bits))}" if bits else ""))
    await reply_html(message, "\n".join(lines))


async def on_interest(update: Update, context: BotContext) -> None:
    """我有興趣: recorded once per person and announcement."""
    query = update.callback_query
    store = context.services.announcements
    parsed = callbacks.parse(query.data if query else None)
    if query is None:
        return
    if store is None or not isinstance(parsed, callbacks.Interest):  # forged or outdated
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    new = store.record_interest(parsed.announcement_id, query.from_user.id)
    if new is None:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer(texts.INTEREST_THANKS if new else texts.INTEREST_AGAIN)


async def announcements_command(update: Update, context: BotContext) -> None:
    """/announcements (HR): recent announcements, delivery counts, who is interested."""
    message, user = update.effective_message, update.effective_user
    store = context.services.announcements
    if message is None or user is None or store is None:
        return
    if not context.is_admin(user.id) or message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.ADMIN_ONLY, do_quote=False)
        return
    await reply_html(message, announcements_text(store.list_announcements(10), store.interested))


def announcements_text(
    rows: list[dict], interested: Callable[[int], tuple[int, list[str]]]
) -> str:
    """The announcement list as shown to HR in Telegram and by `trainbot announcements`."""
    if not rows:
        return texts.ANNOUNCEMENTS_NONE
    lines = [texts.ANNOUNCEMENTS_TITLE]
    for row in rows:
        c = row["counts"]
        count, names = interested(row["id"])
        lines.append(
            f"#{row['id']} {escape(row['title'])}（{row['status']}，{row['audience']}）"
            f"：送達 {c['sent']}／{row['total']}，封鎖 {c['blocked']}，失敗 {c['failed']}，"
            f"不確定 {c['uncertain']}，待送 {c['pending'] + c['sending']}；有興趣 {count}"
            + (f"（{escape('、'.join(names[:30]))}）" if names else "")
        )
    return "\n".join(lines)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("courses", courses_command),
        CommandHandler("announcements", announcements_command),
        CallbackQueryHandler(on_interest, pattern=rf"^{callbacks.INTEREST}:"),
    ]
