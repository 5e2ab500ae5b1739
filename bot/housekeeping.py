"""Retention: the daily job that deletes what is past its time, and a persistence file that
keeps nothing but HR's unfinished announcement drafts.

PTB's PicklePersistence stores an (empty) user_data entry, keyed by the clear Telegram id, for
every user who ever sent an update, and ended conversations as `None` states; both would keep
ids the privacy notice does not admit. `DraftsPersistence` drops them as they are written.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram.ext import Application, PicklePersistence
from telegram.ext._utils.types import ConversationKey

from bot.storage import Storage
from handlers.announce import STARTED
from handlers.context import BotContext

log = logging.getLogger(__name__)
CONVERSATIONS = ("announce",)  # the persistent ConversationHandlers, by name


class DraftsPersistence(PicklePersistence):
    """PicklePersistence minus empty user data and finished conversations."""

    async def update_user_data(self, user_id: int, data: dict) -> None:
        if data:
            await super().update_user_data(user_id, data)
        elif self.user_data and user_id in self.user_data:
            await self.drop_user_data(user_id)

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if new_state is not None:
            await super().update_conversation(name, key, new_state)
            return
        if self.conversations and key in self.conversations.get(name, {}):
            del self.conversations[name][key]
            if not self.on_flush:
                self._dump_singlefile()


async def drop_conversations(application: Application, user_ids: set[int]) -> None:
    """Remove these users' saved conversation states from the persistence file (a dropped
    draft's state would otherwise keep their id there until their next message)."""
    persistence = application.persistence
    if persistence is None or not user_ids:
        return
    for name in CONVERSATIONS:
        for key in list(await persistence.get_conversations(name)):
            if user_ids & set(key):
                await persistence.update_conversation(name, key, None)


async def housekeeping(context: BotContext) -> None:
    """Delete every record past its retention, and drafts left unfinished (daily job)."""
    storage: Storage = context.bot_data["storage"]
    keep = context.services.retention
    removed = storage.purge_expired(keep)
    if removed:
        log.info("retention: deleted %s", ", ".join(f"{n} {t}" for t, n in removed.items()))
    now = dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=keep.drafts)
    stale = []
    for user_id, data in context.application.user_data.items():
        # A draft saved before drafts carried their start time starts its clock now.
        if not data or data.setdefault(STARTED, now) <= cutoff:
            stale.append(user_id)
    for user_id in stale:
        context.application.drop_user_data(user_id)
    await drop_conversations(context.application, set(stale))
    if stale:
        log.info("retention: dropped %d stale drafts", len(stale))
