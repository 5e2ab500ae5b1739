"""Everything that is not a question: other content, unknown commands, and failures."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers import texts
from handlers.context import BotContext

log = logging.getLogger(__name__)


async def not_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice, files: a short reply in private, silence in groups."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    reply = texts.NOT_TEXT_FILE if message.document else texts.NOT_TEXT
    await message.reply_text(reply, do_quote=False)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command this bot does not have."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    await message.reply_text(texts.UNKNOWN_COMMAND, do_quote=False)


async def on_error(update: object, context: BotContext) -> None:
    """Log every failure with the update that caused it, and tell the user plainly."""
    log.error("failure while handling update %s", update, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        chat = update.effective_message.chat
        if chat.type == ChatType.PRIVATE:
            try:
                await update.effective_message.reply_text(texts.ERROR, do_quote=False)
            except Exception:  # noqa: BLE001 - the reply is a courtesy; the log has the error
                log.warning("could not tell the user about the failure", exc_info=True)


def handlers() -> list[BaseHandler]:
    """Registered last: they catch what the feature handlers did not."""
    return [
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command),
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text
        ),
    ]
