"""Everything that is not a question: other content, unknown commands, and failures."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers import texts
from handlers.context import BotContext

log = logging.getLogger(__name__)
LOGGED_CHARS = 40  # the most of a user's message any log line holds
_SECRET_ARGUMENT = ("/start", "/bind")  # their argument is a binding code


def loggable(text: str | None) -> str:
    """A message as logs may hold it: a binding code never, otherwise the first 40 chars."""
    if not text:
        return ""
    command = text.split(maxsplit=1)[0].split("@")[0].lower()
    if command in _SECRET_ARGUMENT and len(text.split()) > 1:
        return f"{command} <code withheld>"
    return text[:LOGGED_CHARS] + ("…" if len(text) > LOGGED_CHARS else "")


def describe(update: object) -> str:
    """What an update was, for the error log, without the user's id or whole message."""
    if not isinstance(update, Update):
        return type(update).__name__
    kind = next((k for k in ("message", "edited_message", "callback_query", "my_chat_member")
                 if getattr(update, k, None) is not None), "other")
    chat = update.effective_chat.type if update.effective_chat else "-"
    if update.callback_query is not None:
        content = loggable(update.callback_query.data)
    else:
        message = update.effective_message
        content = loggable(message.text or message.caption) if message else ""
    return f"update {update.update_id} ({kind} in a {chat} chat): {content!r}"


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
    """Log every failure with a summary of the update that caused it (no user id, no binding
    code, at most 40 characters of text), and tell the user plainly."""
    log.error("failure while handling %s", describe(update), exc_info=context.error)
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
