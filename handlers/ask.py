"""Questions in private chats and, when addressed to the bot, in groups."""

from __future__ import annotations

import logging
import time

from telegram import (
    KeyboardButton,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from handlers import texts
from handlers.context import BotContext
from handlers.hours import bind_with_code, show_own_hours, taipei_today
from handlers.render import reply_html, result_html, result_keyboard
from handlers.services import QuestionRecord
from knowledge.intents import asks_own_hours
from knowledge.results import Answer, Clarify, Fallback, Result

log = logging.getLogger(__name__)


async def answer_question(
    message: Message, context: BotContext, question: str, user_id: int
) -> Result:
    """Ask the engine, log the question, reply with the answer and its buttons."""
    services = context.services
    started = time.perf_counter()
    chat_id = message.chat.id
    previous = services.recent.recall(chat_id, time.monotonic())
    result, seen = services.engine.ask_traced(question, previous)
    latency = (time.perf_counter() - started) * 1000
    if seen is not None and not isinstance(result, Fallback):
        services.recent.remember(chat_id, seen.folded, time.monotonic())
    question_id = services.log.log_question(
        QuestionRecord(
            user_id=user_id,
            chat_type=message.chat.type,
            text=question[:10_000],
            normalised=seen.normalised if seen else "",
            outcome=result.status,
            reason=result.reason if isinstance(result, Fallback) else "",
            entry_id=result.entry_id if isinstance(result, Answer) else None,
            score=result.score,
            latency_ms=latency,
            answer=result.text,
            choices=tuple(s.entry_id for s in result.suggestions)
            if isinstance(result, Clarify) else (),
        )
    )
    if services.learning is not None and isinstance(result, Answer):
        services.learning.note_answer(question_id)  # a rephrasing after a miss teaches
    await reply_html(message, result_html(result), result_keyboard(result, question_id))
    return result


async def start(update: Update, context: BotContext) -> None:
    """Greet, explain what the bot answers, and offer example questions."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    if user is not None and message.chat.type == ChatType.PRIVATE and context.services.announcements:
        context.services.announcements.subscribe(user.id)  # general announcements until opt-out
    if context.args and user is not None and message.chat.type == ChatType.PRIVATE:
        await bind_with_code(message, context, user.id, context.args[0])  # t.me/bot?start=CODE
        return
    keyboard = None
    if message.chat.type == ChatType.PRIVATE:
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton(q)] for q in texts.START_EXAMPLES],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    await message.reply_html(
        texts.START + "\n" + "\n".join(f"・{q}" for q in texts.START_EXAMPLES),
        reply_markup=keyboard,
        do_quote=False,
    )


async def help_command(update: Update, context: BotContext) -> None:
    """Explain how to ask and list the commands."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    admin = context.is_admin(user.id if user else None) and message.chat.type == ChatType.PRIVATE
    await message.reply_html(texts.HELP + (texts.HELP_ADMIN if admin else ""), do_quote=False)


async def privacy(update: Update, context: BotContext) -> None:
    """Say what is stored and for how long."""
    if update.effective_message:
        text = texts.PRIVACY.format_map(vars(context.services.retention))
        await update.effective_message.reply_html(text, do_quote=False)


async def private_text(update: Update, context: BotContext) -> None:
    """Answer a question typed in a private chat."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.text is None:
        return
    own = asks_own_hours(message.text)  # 我還差幾小時: a bound user gets their own figures
    if own and await show_own_hours(message, context, user.id, taipei_today().year):
        return
    await answer_question(message, context, message.text, user.id)
    if own and context.services.hours is not None:
        await message.reply_text(texts.HOURS_OWN_HINT.strip(), do_quote=False)


def _addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The question in a group message if it is for the bot (mention or reply), else None."""
    text = message.text or ""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == mention:
            return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None


async def group_text(update: Update, context: BotContext) -> None:
    """Answer in a group only when mentioned or replied to; otherwise stay silent."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    question = _addressed_text(message, context.bot.username, context.bot.id)
    if question is None:
        return
    if not question:
        await message.reply_text(texts.GROUP_HINT.format(username=context.bot.username))
        return
    await answer_question(message, context, question, user.id)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("start", start),
        CommandHandler("help", help_command),
        CommandHandler("privacy", privacy),
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
            private_text,
        ),
        MessageHandler(
            filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
            group_text,
        ),
    ]
