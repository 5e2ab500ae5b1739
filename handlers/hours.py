"""Personal learning hours: bind once with HR's code, then /hours shows one's own year."""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import texts
from handlers.context import BotContext
from handlers.render import reply_html, send_html
from handlers.services import HoursView
from knowledge.computation.dates import TAIPEI

log = logging.getLogger(__name__)
BAR_WIDTH = 10
COURSES = "h"  # callback data: h:<year>


def taipei_today() -> dt.date:
    return dt.datetime.now(TAIPEI).date()


def parse_year(arg: str, today: dt.date | None = None) -> int | None:
    """113 (民國) or 2024; None if it is not a plausible year. Future years parse (up to
    2100) so that /hours 2031 can say there are no records yet instead of "not a year"."""
    if not arg.isdigit() or len(arg) > 4:
        return None
    year = int(arg) + 1911 if len(arg) <= 3 else int(arg)
    return year if 2000 <= year <= 2100 else None


async def _refuse_future(message: Message, year: int) -> bool:
    """True (and a plain reply) when the year has not begun: nothing can be recorded yet."""
    if year <= taipei_today().year:
        return False
    await message.reply_text(texts.HOURS_FUTURE.format(roc=year - 1911, year=year), do_quote=False)
    return True


def bar(done: float, required: float) -> str:
    share = 1.0 if required <= 0 else min(1.0, done / required)
    filled = round(share * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled) + f" {share:.0%}"


def _h(value: float) -> str:
    return f"{value:g}"


def hours_html(view: HoursView, today: dt.date | None = None) -> str:
    """One person's year: total and categories against the rule set, what is missing, when."""
    p = view.progress
    today = today or taipei_today()
    lines = [
        texts.HOURS_TITLE.format(name=escape(view.employee.name), roc=p.year - 1911, year=p.year),
        texts.HOURS_RULES.format(label=escape(p.rules.label)),
        "",
    ]
    if p.rules.total:
        lines.append(f"{texts.HOURS_TOTAL} {_h(p.total_done)} / {_h(p.rules.total)}　{bar(p.total_done, p.rules.total)}")
    else:
        lines.append(f"{texts.HOURS_TOTAL} {_h(p.total_done)}")
    for c in p.categories:
        lines.append(f"{c.category} {_h(c.done)} / {_h(c.required)}　{bar(c.done, c.required)}")
    lines.append("")
    missing = [f"{c.category} {_h(c.missing)} 小時" for c in p.categories if c.missing]
    if p.total_missing:
        missing.insert(0, f"{texts.HOURS_TOTAL} {_h(p.total_missing)} 小時")
    if missing:
        days = (p.deadline - today).days
        when = texts.HOURS_DAYS_LEFT.format(n=days) if days >= 0 else texts.HOURS_DAYS_PAST
        lines.append(texts.HOURS_MISSING.format(items="、".join(missing), deadline=p.deadline.isoformat(), days=when))
    else:
        lines.append(texts.HOURS_DONE)
    updated = None
    if view.last_import:  # stored in UTC; shown as the Taipei date
        updated = dt.datetime.fromisoformat(view.last_import).astimezone(TAIPEI).date().isoformat()
    lines.append(texts.HOURS_UPDATED.format(at=updated) if updated else texts.HOURS_NO_DATA)
    return "\n".join(lines)


def courses_keyboard(view: HoursView) -> InlineKeyboardMarkup | None:
    if not view.records:
        return None
    label = texts.HOURS_COURSES_BUTTON.format(n=view.records)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"{COURSES}:{view.progress.year}")]])


async def show_own_hours(message: Message, context: BotContext, user_id: int, year: int) -> bool:
    """Reply with the user's own hours; False if they are not bound (nothing is shown)."""
    desk = context.services.hours
    employee = desk.employee_of(user_id) if desk else None
    if desk is None or employee is None:
        return False
    view = desk.hours(employee.id, year)
    if view is None:
        return False
    await reply_html(message, hours_html(view), courses_keyboard(view))
    return True


async def hours_command(update: Update, context: BotContext) -> None:
    """/hours [年度] for oneself; /hours 員工編號 [年度] for HR (audited)."""
    message, user = update.effective_message, update.effective_user
    desk = context.services.hours
    if message is None or user is None or desk is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.HOURS_PRIVATE_ONLY, do_quote=False)
        return
    args = context.args or []
    if args and context.is_admin(user.id) and parse_year(args[0]) is None:
        year = (parse_year(args[1]) if len(args) > 1 else None) or taipei_today().year
        if await _refuse_future(message, year):
            return
        view = desk.hours_for_admin(user.id, args[0], year)
        if view is None:
            await message.reply_text(texts.HOURS_NO_EMPLOYEE.format(id=args[0]), do_quote=False)
        else:
            await reply_html(message, hours_html(view))
        return
    own_year = parse_year(args[0]) if args else taipei_today().year
    if own_year is None:
        await message.reply_text(texts.HOURS_BAD_ARG, do_quote=False)
        return
    if await _refuse_future(message, own_year):
        return
    if not await show_own_hours(message, context, user.id, own_year):
        await message.reply_text(texts.HOURS_NOT_BOUND, do_quote=False)


async def bind_with_code(message: Message, context: BotContext, user_id: int, code: str) -> None:
    desk = context.services.hours
    if desk is None:
        return
    outcome = desk.bind(user_id, code)
    if outcome.ok and outcome.employee:
        text = texts.BIND_OK.format(name=outcome.employee.name, agency=outcome.employee.agency or "—")
    else:
        text = texts.BIND_FAILED[outcome.reason].format(
            left=outcome.attempts_left, until=outcome.locked_until.replace("T", " ")[:16]
        )
    await message.reply_text(text, do_quote=False)


async def bind_command(update: Update, context: BotContext) -> None:
    """/bind CODE: link this Telegram account to an employee record (private chat only)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.HOURS_PRIVATE_ONLY, do_quote=False)
        return
    if not context.args:
        await message.reply_text(texts.BIND_USAGE, do_quote=False)
        return
    await bind_with_code(message, context, user.id, "".join(context.args))


async def unbind_command(update: Update, context: BotContext) -> None:
    """/unbind: forget which employee this account is."""
    message, user = update.effective_message, update.effective_user
    desk = context.services.hours
    if message is None or user is None or desk is None:
        return
    done = desk.unbind(user.id)
    await message.reply_text(texts.UNBIND_OK if done else texts.UNBIND_NONE, do_quote=False)


async def remind_command(update: Update, context: BotContext) -> None:
    """/remind on|off: year-end reminders of missing hours."""
    message, user = update.effective_message, update.effective_user
    desk = context.services.hours
    if message is None or user is None or desk is None:
        return
    choice = (context.args or [""])[0].lower()
    if choice not in ("on", "off", "開", "關"):
        await message.reply_text(texts.REMIND_USAGE, do_quote=False)
        return
    on = choice in ("on", "開")
    if not desk.set_reminders(user.id, on):
        await message.reply_text(texts.HOURS_NOT_BOUND, do_quote=False)
        return
    await message.reply_text(texts.REMIND_ON if on else texts.REMIND_OFF, do_quote=False)


async def on_courses_button(update: Update, context: BotContext) -> None:
    """List the courses behind the figures: the tapping user's own, checked again now."""
    query = update.callback_query
    desk = context.services.hours
    if query is None or desk is None:
        return
    year = parse_year(query.data.split(":", 1)[1]) if query.data else None
    employee = desk.employee_of(query.from_user.id)
    message = query.message  # possibly inaccessible (too old): reply by chat id
    if year is None or employee is None or message is None:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    if message.chat.type != ChatType.PRIVATE:
        await query.answer(texts.HOURS_PRIVATE_ONLY, show_alert=True)
        return
    await query.answer()
    records = desk.courses(employee.id, year)
    lines = [texts.HOURS_COURSES_TITLE.format(roc=year - 1911, year=year)]
    for r in records:
        tags = "、".join(r.categories + ((r.mode,) if r.mode else ()))
        lines.append(f"{r.date}　{escape(r.course)}　{_h(r.hours)} 小時" + (f"（{escape(tags)}）" if tags else ""))
    if not records:
        lines.append(texts.HOURS_NO_COURSES)
    await send_html(context.bot, message.chat.id, "\n".join(lines))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("hours", hours_command),
        CommandHandler("bind", bind_command),
        CommandHandler("unbind", unbind_command),
        CommandHandler("remind", remind_command),
        CallbackQueryHandler(on_courses_button, pattern=rf"^{COURSES}:"),
    ]
