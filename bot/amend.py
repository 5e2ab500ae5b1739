"""Carrying out corrections and withdrawals of announcements already (partly) delivered.

HR's intent is in the database (see bot/storage/amendments.py); every delivery tick looks for
delivered messages older than their announcement's text, and for withdrawals in progress,
and works through them under the broadcaster's rate limit. Each ledger row is updated as its
message is edited or deleted, so a restart, even a crash, carries on where it stopped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.storage import Storage
from handlers import texts
from handlers.render import interest_keyboard

if TYPE_CHECKING:
    from bot.broadcast import Broadcaster

log = logging.getLogger(__name__)
UNCHANGED = "message is not modified"  # Telegram's answer when the text is already the new one


class Amender:
    def __init__(self, storage: Storage, broadcaster: Broadcaster):
        self.storage = storage
        self.broadcaster = broadcaster
        self._running: dict[tuple[str, int], asyncio.Task] = {}

    def tick(self, bot: Bot, spawn: Callable) -> None:
        """Start (or resume) every correction and withdrawal that has work left."""
        work = [("edit", i) for i in self.storage.correcting_announcements()]
        work += [("delete", i) for i in self.storage.withdrawing_announcements()]
        for kind, announcement_id in work:
            task = self._running.get((kind, announcement_id))
            if task is None or task.done():
                job = self.correct(bot, announcement_id) if kind == "edit" else self.withdraw(
                    bot, announcement_id)
                self._running[(kind, announcement_id)] = spawn(job)

    # --- corrections -------------------------------------------------------------------------
    async def correct(self, bot: Bot, announcement_id: int) -> None:
        """Edit every delivered message to the announcement's current text, then report."""
        while True:
            stale = self.storage.stale_messages(announcement_id)
            if not stale:
                break
            for chat, message_id, _ in stale:
                if not await self._edit_one(bot, announcement_id, chat, message_id):
                    return  # withdrawn meanwhile: the withdrawal takes over
        await self._report(bot, announcement_id, "edit")

    async def _edit_one(self, bot: Bot, announcement_id: int, chat: int, message_id: int) -> bool:
        attempts = 0
        while True:
            await self.broadcaster.wait_turn(chat)
            current = self.broadcaster.current_html(announcement_id)
            found = self.storage.announcement(announcement_id)
            if current is None or found is None or found[0]["status"] in (
                    "withdrawing", "withdrawn"):
                return False
            html, revision = current
            reason = ""
            try:
                await bot.edit_message_text(
                    html, chat_id=chat, message_id=message_id, parse_mode="HTML",
                    reply_markup=interest_keyboard(announcement_id),
                    disable_web_page_preview=True,
                )
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except BadRequest as exc:
                reason = "" if UNCHANGED in str(exc).lower() else str(exc) or "bad request"
            except Forbidden as exc:
                reason = str(exc) or "forbidden"
                self.storage.set_active(chat, False)
            except TelegramError as exc:  # 5xx or network: a few tries, then recorded as failed
                attempts += 1
                log.warning("edit of %s in %s failed: %s", message_id, chat, exc)
                if attempts < 3:
                    await asyncio.sleep(attempts)
                    continue
                reason = str(exc) or "network error"
            self.storage.mark_edited(announcement_id, chat, revision, reason)
            return True

    # --- withdrawals -------------------------------------------------------------------------
    async def withdraw(self, bot: Bot, announcement_id: int) -> None:
        """Delete every delivered message Telegram still lets us delete, then report."""
        rows, _ = self.storage.messages_to_delete(announcement_id)
        for chat, message_id in rows:
            await self._delete_one(bot, announcement_id, chat, message_id)
        self.storage.finish_withdrawal(announcement_id)
        counts = self.storage.delivery_counts(announcement_id)
        self.storage.audit("bot", "announce-withdrawn", str(announcement_id),
                           f"deleted {counts['deleted']}, not deleted {counts['undeletable']}")
        await self._report(bot, announcement_id, "delete")

    async def _delete_one(self, bot: Bot, announcement_id: int, chat: int,
                          message_id: int) -> None:
        attempts = 0
        while True:
            await self.broadcaster.wait_turn(chat)
            try:
                await bot.delete_message(chat, message_id)
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except (BadRequest, Forbidden) as exc:  # too old, already gone, blocked
                self.storage.mark_delivery(announcement_id, chat, "undeletable", message_id,
                                           reason=str(exc) or "refused")
                return
            except TelegramError as exc:  # 5xx or network: a few tries, then recorded
                attempts += 1
                log.warning("delete of %s in %s failed: %s", message_id, chat, exc)
                if attempts < 3:
                    await asyncio.sleep(attempts)
                    continue
                self.storage.mark_delivery(announcement_id, chat, "undeletable", message_id,
                                           reason=str(exc) or "network error")
                return
            self.storage.mark_delivery(announcement_id, chat, "deleted", message_id)
            return

    # --- reports -----------------------------------------------------------------------------
    async def _report(self, bot: Bot, announcement_id: int, kind: str) -> None:
        found = self.storage.announcement(announcement_id)
        if found is None:
            return
        row, announcement = found
        if kind == "edit":
            edits = self.storage.edit_counts(announcement_id)
            text = texts.CORRECT_DONE.format(title=announcement.title, edited=edits["current"],
                                             failed=edits["edit_failed"])
            self.storage.audit("bot", "announce-corrected", str(announcement_id),
                               f"edited {edits['current']}, failed {edits['edit_failed']}")
        else:
            counts = self.storage.delivery_counts(announcement_id)
            text = texts.WITHDRAW_DONE.format(
                title=announcement.title, deleted=counts["deleted"],
                kept=counts["undeletable"] + counts["uncertain"])
        chat = row["action_chat"]
        if chat is None:
            return
        try:
            await bot.send_message(chat, text)
        except TelegramError:
            log.warning("could not report to %s", chat, exc_info=True)


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
