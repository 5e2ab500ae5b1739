"""Announcements after they are sent: employees list current courses and tap 我有興趣;
HR sees delivery counts and who is interested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import callbacks, texts
from handlers.context import BotContext
from handlers.render import reply_html
from knowledge.computation.dates import TAIPEI, roc_when


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
    if not await context.admin_or_refuse(message, user, private_only=True):
        return
    rows = store.list_announcements(10)
    html = announcements_text(rows, store.interested, store.edit_counts, store.announcement_actions)
    await reply_html(message, html + ("\n\n" + texts.MANAGE_HINT if rows else ""),
                     manage_keyboard([row["id"] for row in rows]))


def announcements_text(
    rows: list[dict],
    interested: Callable[[int], tuple[int, list[str]]],
    edits: Callable[[int], dict[str, int]] | None = None,
    actions: Callable[[int], list[tuple[str, str, str, str]]] | None = None,
) -> str:
    """The announcement list as shown to HR in Telegram and by `trainbot announcements`:
    delivery counts, corrections and withdrawals, interest, and who did what."""
    if not rows:
        return texts.ANNOUNCEMENTS_NONE
    lines = [texts.ANNOUNCEMENTS_TITLE]
    for row in rows:
        c = row["counts"]
        count, names = interested(row["id"])
        status = texts.STATUS_NAMES.get(row["status"], row["status"])
        line = (
            f"#{row['id']} {escape(row['title'])}（{status}，{row['audience']}）"
            f"：送達 {c['sent'] + c['deleted'] + c['undeletable']}／{row['total']}，"
            f"封鎖 {c['blocked']}，失敗 {c['failed']}，"
            f"不確定 {c['uncertain']}，待送 {c['pending'] + c['sending']}"
        )
        if c["cancelled"]:
            line += f"，取消未送 {c['cancelled']}"
        if c["deleted"] or c["undeletable"]:
            line += f"，已刪除 {c['deleted']}，無法刪除 {c['undeletable']}"
        if row.get("revision") and edits is not None:
            e = edits(row["id"])
            line += (f"；更正 {e['revision']} 次：已改 {e['current']}，待改 {e['stale']}，"
                     f"無法修改 {e['edit_failed']}")
        line += f"；有興趣 {count}" + (f"（{escape('、'.join(names[:30]))}）" if names else "")
        lines.append(line)
        for at, actor, action, _ in (actions(row["id"]) if actions else [])[-5:]:
            if action != "announce":
                lines.append(f"　・{texts.ACTION_NAMES.get(action, action)} {at[:16].replace('T', ' ')} UTC"
                             f"（{escape(actor)}）")
    return "\n".join(lines)


def manage_keyboard(ids: list[int]) -> InlineKeyboardMarkup | None:
    """One button per listed announcement, opening its cancel / correct / withdraw choices."""
    buttons = [InlineKeyboardButton(texts.MANAGE_BUTTON.format(id=i), callback_data=f"am:show:{i}")
               for i in ids]
    return InlineKeyboardMarkup([buttons[i:i + 5] for i in range(0, len(buttons), 5)]) if buttons else None


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("courses", courses_command),
        CommandHandler("announcements", announcements_command),
        CallbackQueryHandler(on_interest, pattern=rf"^{callbacks.INTEREST}:"),
    ]
