"""Delivering announcements: durable, exactly once, within Telegram's limits, resumable.

A JobQueue tick every couple of seconds starts what is due (queued from chat or from
`trainbot announce`, or scheduled and now on time) and resumes what a restart interrupted.
Each announcement is sent by a few workers sharing one rate limiter (25 messages/s by
default), keeping at least a second between two messages to the same chat. The sender's
progress message is edited as it goes, then replaced by the final report.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot.amend import Amender
from bot.hours_desk import Desk
from bot.storage import Storage
from handlers import texts
from handlers.render import announcement_html, interest_keyboard
from knowledge.announcements.announcement import Announcement, Audience
from knowledge.announcements.courses import Course
from knowledge.computation.dates import TAIPEI

log = logging.getLogger(__name__)
PER_CHAT_GAP = 1.0  # seconds between two messages to one chat
PROGRESS_EVERY = 2.0  # seconds between edits of the progress message


class Pacer:
    """Evenly spaced send slots, reserved in advance: never more than `rate` messages in any
    second, and one worker waking late does not push back the slots of the others.

    (aiolimiter's leaky bucket allows a first-second burst; with a capacity of one it
    re-times every wait from "now" and measured 17% under the rate.)
    """

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


class Broadcaster:
    def __init__(self, storage: Storage, desk: Desk, rate: float = 25.0, workers: int = 8,
                 on_courses_changed: Callable[[list[Course]], None] | None = None,
                 admins: Callable[[], frozenset[int]] = frozenset):
        self.storage = storage
        self.admins = admins  # the current HR admins, asked again at every start
        self.desk = desk
        self.rate = rate
        self.workers = workers
        self.on_courses_changed = on_courses_changed
        self._running: dict[int, asyncio.Task] = {}
        self._last_sent: dict[int, float] = {}
        self._course_ids: tuple[tuple[int, int], ...] | None = None
        self.pacer = Pacer(rate)  # one for sends, edits and deletions: one limit in all
        self.amender = Amender(storage, self)

    # --- scheduling --------------------------------------------------------------------------
    def recover(self) -> int:
        """At start: deliveries caught mid-send by a crash become `uncertain`."""
        uncertain = self.storage.recover_in_flight()
        if uncertain:
            log.warning("%d deliveries were in flight at the last stop; marked uncertain", uncertain)
        return uncertain

    def audience_of(self, audience: Audience) -> list[int]:
        if audience.kind != "missing":
            return self.storage.audience_chats(audience)
        year = dt.datetime.now(TAIPEI).year
        inactive = self.storage.inactive_chats()
        chats = []
        for user_id, employee_id in self.storage.bindings():
            view = self.desk.hours(employee_id, year)
            if view is None or user_id in inactive:
                continue
            missing = {c.category for c in view.progress.categories if c.missing}
            if audience.value in missing:
                chats.append(user_id)
        return sorted(set(chats))

    async def send_notices(self, bot: Bot) -> None:
        """Messages owed to one person (queued by the CLI, e.g. an unbind by HR)."""
        for notice_id, chat_id, text in self.storage.pending_notices():
            try:
                await bot.send_message(chat_id, text)
            except (Forbidden, BadRequest):  # blocked the bot, or the chat is gone: give up
                log.info("a notice could not be delivered", exc_info=True)
            except TelegramError:
                log.warning("notice %d failed; will retry", notice_id, exc_info=True)
                continue
            self.storage.notice_done(notice_id)

    async def tick(self, bot: Bot, spawn: Callable) -> None:
        """Start due announcements, resume interrupted ones, refresh the course list."""
        await self.send_notices(bot)
        for announcement_id in self.storage.due_announcements():
            found = self.storage.announcement(announcement_id)
            if found is None:
                continue
            if not self.author_may_send(found[0]["created_by"]):
                self.storage.cancel_unsent(announcement_id, "author is no longer an admin")
                if found[0]["notify_chat"] is not None:
                    await self._tell(bot, found[0]["notify_chat"],
                                     texts.ANNOUNCE_AUTHOR_REVOKED.format(id=announcement_id))
                continue
            chats = self.audience_of(found[1].audience)
            self.storage.start_delivery(announcement_id, chats)
        for announcement_id in self.storage.sending_announcements():
            task = self._running.get(announcement_id)
            if task is None or task.done():
                self._running[announcement_id] = spawn(self.deliver(bot, announcement_id))
        self.amender.tick(bot, spawn)
        self.refresh_courses()

    async def wait_turn(self, chat: int) -> None:
        """Wait for a send slot under the overall rate and a second after this chat's last."""
        gap = self._last_sent.get(chat, 0.0) + PER_CHAT_GAP - time.monotonic()
        if gap > 0:
            await asyncio.sleep(gap)
        await self.pacer.wait()
        self._last_sent[chat] = time.monotonic()
    def author_may_send(self, created_by: str) -> bool:
        """Queued from Telegram: only if its author is still an HR admin now. Queued with the
        CLI (`cli:<login>`): whoever can run it on the server is trusted."""
        if not created_by.startswith("telegram:"):
            return True
        return created_by in {self.storage.pseudonymise(f"telegram:{a}") for a in self.admins()}

    async def _tell(self, bot: Bot, chat_id: int, text: str) -> None:
        try:
            await bot.send_message(chat_id, text)
        except TelegramError:
            log.warning("could not tell chat about a cancelled announcement", exc_info=True)

    def refresh_courses(self) -> None:
        courses = self.storage.current_courses()
        ids = tuple((c.id, self.storage.revision(c.id)) for c in courses)  # corrections too
        if ids != self._course_ids and self.on_courses_changed is not None:
            self._course_ids = ids
            self.on_courses_changed(courses)

    # --- delivery ----------------------------------------------------------------------------
    async def deliver(self, bot: Bot, announcement_id: int) -> None:
        found = self.storage.announcement(announcement_id)
        if found is None:
            return
        row, announcement = found
        pending = self.storage.pending_chats(announcement_id)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for chat in pending:
            queue.put_nowait(chat)
        keyboard = interest_keyboard(announcement_id)
        progress = asyncio.get_running_loop().create_task(
            self._report_progress(bot, row, announcement)
        )
        try:
            await asyncio.gather(*(
                self._worker(bot, queue, announcement_id, keyboard)
                for _ in range(max(1, min(self.workers, len(pending))))
            ))
        finally:
            progress.cancel()
        self.storage.finish_announcement(announcement_id)
        await self._final_report(bot, row, announcement)

    async def _worker(self, bot: Bot, queue: asyncio.Queue[int], announcement_id: int,
                      keyboard: InlineKeyboardMarkup) -> None:
        while True:
            try:
                chat = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            await self._send_one(bot, announcement_id, chat, keyboard)

    def current_html(self, announcement_id: int) -> tuple[str, int] | None:
        """The announcement as it reads now (a correction changes it mid-broadcast)."""
        found = self.storage.announcement(announcement_id)
        if found is None:
            return None
        return announcement_html(found[1]), int(found[0]["revision"])

    async def _send_one(self, bot: Bot, announcement_id: int, chat: int,
                        keyboard: InlineKeyboardMarkup) -> None:
        """One ledger row to its end state: sent, blocked, failed, uncertain (or cancelled)."""
        attempts = 0
        while True:
            await self.wait_turn(chat)
            current = self.current_html(announcement_id)
            if current is None or not self.storage.claim_delivery(announcement_id, chat):
                return  # cancelled or withdrawn meanwhile: committed before anything is sent
            html, revision = current
            try:
                message = await bot.send_message(
                    chat, html, parse_mode="HTML", reply_markup=keyboard,
                    disable_web_page_preview=True,
                )
            except RetryAfter as exc:  # the rate limiter's own retries ran out: wait, again
                self.storage.mark_delivery(announcement_id, chat, "pending")
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except Forbidden as exc:
                self.storage.mark_delivery(announcement_id, chat, "blocked", reason=str(exc))
                self.storage.set_active(chat, False)
                return
            except TimedOut as exc:  # it may have arrived: never risk a duplicate
                self.storage.mark_delivery(announcement_id, chat, "uncertain", reason=str(exc))
                return
            except BadRequest as exc:
                self.storage.mark_delivery(announcement_id, chat, "failed", reason=str(exc))
                return
            except TelegramError as exc:  # refused before sending (5xx, network): retry a little
                attempts += 1
                if attempts >= 3:
                    self.storage.mark_delivery(announcement_id, chat, "failed", reason=str(exc))
                    return
                self.storage.mark_delivery(announcement_id, chat, "pending")
                await asyncio.sleep(attempts)
                continue
            self.storage.mark_delivery(announcement_id, chat, "sent", message.message_id,
                                       revision=revision)
            return

    def _progress_text(self, title: str, announcement_id: int, total: int) -> str:
        counts = self.storage.delivery_counts(announcement_id)
        done = total - counts["pending"] - counts["sending"]
        return texts.PROGRESS.format(title=title, done=done, total=total)

    async def _report_progress(self, bot: Bot, row: dict, a: Announcement) -> None:
        chat = row["notify_chat"]
        if chat is None:
            return
        message_id = row["progress_message_id"]
        last = ""
        while True:
            text = self._progress_text(a.title, row["id"], row["total"])
            if text != last:
                try:
                    if message_id is None:
                        sent = await bot.send_message(chat, text)
                        message_id = sent.message_id
                        self.storage.set_progress_message(row["id"], message_id)
                    else:
                        await bot.edit_message_text(text, chat_id=chat, message_id=message_id)
                    last = text
                except TelegramError:
                    log.warning("progress update failed", exc_info=True)
            await asyncio.sleep(PROGRESS_EVERY)

    async def _final_report(self, bot: Bot, row: dict, a: Announcement) -> None:
        chat = row["notify_chat"]
        if chat is None:
            return
        text = final_report(a.title, self.storage.delivery_counts(row["id"]))
        found = self.storage.announcement(row["id"])
        message_id = found[0]["progress_message_id"] if found else None
        try:
            if message_id:
                await bot.edit_message_text(text, chat_id=chat, message_id=message_id)
                return
        except TelegramError:
            log.info("could not edit the progress message; sending the report anew")
        await bot.send_message(chat, text)


def final_report(title: str, counts: dict[str, int]) -> str:
    uncertain = texts.FINAL_UNCERTAIN.format(n=counts["uncertain"]) if counts["uncertain"] else ""
    if counts["cancelled"]:
        uncertain += texts.FINAL_CANCELLED.format(n=counts["cancelled"])
    return texts.FINAL_REPORT.format(
        title=title, total=sum(counts.values()), sent=counts["sent"], blocked=counts["blocked"],
        failed=counts["failed"], uncertain=uncertain,
    )


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
