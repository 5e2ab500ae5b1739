"""Inline buttons: pick a choice or related question, and 👍/👎 on an answer."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers import callbacks, texts
from handlers.context import BotContext
from handlers.render import result_html, result_keyboard, send_html
from handlers.services import QuestionRecord

log = logging.getLogger(__name__)


async def on_button(update: Update, context: BotContext) -> None:
    """Act on a button; every callback query is answered, even one this version cannot read."""
    query = update.callback_query
    if query is None:
        return
    parsed = callbacks.parse(query.data)
    if isinstance(parsed, callbacks.Vote):
        stored = context.services.log.record_feedback(
            parsed.question_id, query.from_user.id, parsed.helpful
        )
        if not stored:
            await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
            return
        learning = context.services.learning
        if learning is not None and not parsed.helpful:
            learning.note_dislike(parsed.question_id, query.from_user.id)  # a counter-example
        await query.answer(texts.THANKS_HELPFUL if parsed.helpful else texts.THANKS_NOT_HELPFUL)
        return
    entry = (
        context.services.engine.entry(parsed.entry_id)
        if isinstance(parsed, callbacks.EntryChoice)
        else None
    )
    message = query.message  # possibly inaccessible (too old): reply by chat id
    if entry is None or message is None:
        log.info("unusable button data %r", (query.data or "")[:40])
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    result = context.services.engine.answer_entry(entry)
    question_id = context.services.log.log_question(
        QuestionRecord(
            user_id=query.from_user.id,
            chat_type=message.chat.type,
            text=entry.question,
            normalised="",
            outcome="answer",
            reason="picked",
            entry_id=entry.id,
            score=1.0,
            latency_ms=0.0,
            answer=result.text,
        )
    )
    if context.services.learning is not None:  # a choice after a clarification teaches
        context.services.learning.note_choice(query.from_user.id, entry.id, question_id)
    await send_html(
        context.bot, message.chat.id, result_html(result), result_keyboard(result, question_id)
    )


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(on_button)]
