"""The daily job that reminds bound employees of missing hours before the deadline."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram.error import Forbidden, TelegramError

from bot.hours_desk import Desk, Reminder
from handlers import texts
from handlers.context import BotContext

log = logging.getLogger(__name__)
TAIPEI = ZoneInfo("Asia/Taipei")


def reminder_text(reminder: Reminder) -> str:
    p = reminder.progress
    items = [f"{c.category} {c.missing:g} 小時" for c in p.categories if c.missing]
    if p.total_missing:
        items.insert(0, f"{texts.HOURS_TOTAL} {p.total_missing:g} 小時")
    return texts.REMINDER.format(
        deadline=p.deadline.strftime("%m/%d"), days=reminder.days_left, items="、".join(items)
    )


async def send_reminders(context: BotContext) -> None:
    """Send each due reminder once; a user who blocked the bot is marked so it is not retried."""
    desk: Desk = context.bot_data["desk"]
    thresholds: tuple[int, ...] = context.bot_data["settings"].reminder_days
    today = dt.datetime.now(TAIPEI).date()
    sent = 0
    for reminder in desk.due_reminders(today, thresholds):
        try:
            await context.bot.send_message(reminder.user_id, reminder_text(reminder))
            sent += 1
        except Forbidden:
            log.info("a reminder was skipped: the user blocked the bot")
        except TelegramError:
            log.warning("a reminder failed; will retry tomorrow", exc_info=True)
            continue
        desk.reminder_sent(reminder, thresholds)
    if sent:
        log.info("sent %d hour reminders", sent)
