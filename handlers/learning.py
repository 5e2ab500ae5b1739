"""/suggest: HR reviews phrasings learnt from use and approves or rejects each with a button."""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import callbacks, texts
from handlers.context import BotContext
from handlers.services import Decision, Suggested
from knowledge.curation.learning import Flag
from knowledge.engine import AnswerEngine

log = logging.getLogger(__name__)
LIMIT = 10  # suggestions shown at once: HR decides a few at a time
_FLAG_TEXT = {"answers": texts.FLAG_ANSWERS, "clarifies": texts.FLAG_CLARIFIES,
              "close": texts.FLAG_CLOSE, "breaks": texts.FLAG_BREAKS}


def flag_lines(flags: tuple[Flag, ...], quote=escape) -> list[str]:
    return [_FLAG_TEXT[f.kind].format(other=quote(f.other), phrasing=quote(f.phrasing))
            for f in flags]


def format_suggestion(s: Suggested, engine: AnswerEngine, html: bool = True) -> str:
    """One suggestion: number, wording, entry, counts and any ambiguity flags."""
    quote = escape if html else str
    entry = engine.entry(s.entry_id)
    text = texts.SUGGEST_ITEM.format(
        id=s.id, text=quote(s.text), entry=quote(s.entry_id),
        question=quote(entry.question if entry else ""), users=s.users, against=s.against,
    )
    text = "\n".join([text, *flag_lines(s.flags, quote)])
    return text if html else text.replace("<b>", "").replace("</b>", "")


def format_decision(d: Decision, suggestion_id: int, html: bool = True) -> str:
    quote = escape if html else str
    s = d.suggestion
    values = {"id": suggestion_id, "text": quote(s.text if s else ""),
              "entry": quote(s.entry_id if s else "")}
    if d.outcome == "approved":
        return texts.VERDICT_APPROVED.format(**values)
    if d.outcome == "rejected":
        return texts.VERDICT_REJECTED.format(**values)
    if d.outcome == "refused":
        return texts.VERDICT_REFUSED.format(flags="\n".join(flag_lines(d.flags, quote)), **values)
    if d.outcome == "failed":
        return texts.VERDICT_FAILED.format(**values)
    return texts.VERDICT_MISSING.format(**values)


def _buttons(s: Suggested) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.SUGGEST_APPROVE.format(id=s.id),
                             callback_data=callbacks.verdict(s.id, True)),
        InlineKeyboardButton(texts.SUGGEST_REJECT.format(id=s.id),
                             callback_data=callbacks.verdict(s.id, False)),
    ]])


async def suggest(update: Update, context: BotContext) -> None:
    """List the strongest suggested phrasings, one message with two buttons each."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    if not await context.admin_or_refuse(message, user):
        return
    learning = context.services.learning
    if message.chat.type != ChatType.PRIVATE or learning is None:
        return  # users' wordings are never shown in a group
    items = await asyncio.to_thread(learning.suggestions, LIMIT)
    if not items:
        await message.reply_text(texts.SUGGEST_NONE, do_quote=False)
        return
    await message.reply_html(texts.SUGGEST_TITLE.format(count=len(items)), do_quote=False)
    engine = context.services.engine
    for s in items:
        await message.reply_html(format_suggestion(s, engine), reply_markup=_buttons(s),
                                 do_quote=False)


async def on_verdict(update: Update, context: BotContext) -> None:
    """Approve or reject one suggestion; the tapper must be an admin at this moment."""
    query = update.callback_query
    if query is None:
        return
    parsed = callbacks.parse(query.data)
    learning = context.services.learning
    if not isinstance(parsed, callbacks.Verdict) or learning is None:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    if not context.is_admin(query.from_user.id):
        await query.answer(texts.ADMIN_ONLY, show_alert=True)
        return
    await query.answer(texts.SUGGEST_WORKING)
    actor = f"telegram:{query.from_user.id}"
    decision = await asyncio.to_thread(
        learning.decide, parsed.suggestion_id, parsed.approve, actor
    )
    text = format_decision(decision, parsed.suggestion_id)
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, text, parse_mode="HTML")


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("suggest", suggest),
        CallbackQueryHandler(on_verdict, pattern=rf"^{callbacks.SUGGESTION}:"),
    ]
