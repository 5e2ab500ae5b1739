"""HR composes a course announcement step by step, previews it, then sends or schedules it."""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers import forget, texts
from handlers.context import BotContext
from handlers.render import announcement_html, send_html
from knowledge.announcements.announcement import (
    FIELDS,
    MISSING_CATEGORIES,
    Announcement,
    Audience,
    parse_announcement,
)
from knowledge.announcements.topics import topics
from knowledge.computation.dates import TAIPEI, parse_datetime, roc_when

ASKING, PREVIEW, SCHEDULING = range(3)
DRAFT = "announce_draft"
STEP = "announce_step"
EDITING = "announce_editing"
PRESET = "announce_audience_preset"  # the audience came with the draft: do not ask it
STARTED = "announce_started"
ACTION = "ann"  # callback data: ann:<action>[:<value>]


def drop_draft(user_store: dict) -> None:
    """Forget the draft and its bookkeeping, leaving nothing of it in the persistence file."""
    for key in (DRAFT, STEP, EDITING, STARTED):
        user_store.pop(key, None)


def _draft(context: BotContext) -> dict[str, str]:
    return context.user_store.setdefault(DRAFT, {})


def audience_keyboard() -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(texts.ANNOUNCE_AUDIENCE_ALL, callback_data=f"{ACTION}:aud:all")]]
    names = topics()
    for i in range(0, len(names), 2):
        rows.append([InlineKeyboardButton(texts.ANNOUNCE_AUDIENCE_TOPIC.format(t=t),
                                          callback_data=f"{ACTION}:aud:topic:{t}") for t in names[i:i + 2]])
    rows.append([InlineKeyboardButton(texts.ANNOUNCE_AUDIENCE_MISSING.format(c=c),
                                      callback_data=f"{ACTION}:aud:missing:{c}") for c in MISSING_CATEGORIES[:2]])
    rows.append([InlineKeyboardButton(texts.ANNOUNCE_AUDIENCE_MISSING.format(c=c),
                                      callback_data=f"{ACTION}:aud:missing:{c}") for c in MISSING_CATEGORIES[2:]])
    return InlineKeyboardMarkup(rows)


def preview_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.ANNOUNCE_SEND_NOW, callback_data=f"{ACTION}:send"),
         InlineKeyboardButton(texts.ANNOUNCE_SCHEDULE, callback_data=f"{ACTION}:schedule")],
        [InlineKeyboardButton(texts.ANNOUNCE_EDIT, callback_data=f"{ACTION}:edit"),
         InlineKeyboardButton(texts.ANNOUNCE_CANCEL, callback_data=f"{ACTION}:cancel")],
    ])


def fields_keyboard() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(texts.ANNOUNCE_FIELD_NAMES[f], callback_data=f"{ACTION}:field:{f}")
               for f in FIELDS]
    return InlineKeyboardMarkup([buttons[i:i + 3] for i in range(0, len(buttons), 3)])


async def _ask(chat_message: Message, context: BotContext, field: str) -> int:
    context.user_store[STEP] = field
    keyboard = audience_keyboard() if field == "audience" else None
    await chat_message.reply_html(texts.ANNOUNCE_STEPS[field], reply_markup=keyboard, do_quote=False)
    return ASKING


def _field_problem(field: str, value: str) -> str | None:
    """Check one field the way the whole announcement will be checked."""
    probe = {"title": "x", "body": "x", field: value}
    parsed = parse_announcement(probe)
    if isinstance(parsed, list):
        return "；".join(e.split(": ", 1)[-1] for e in parsed)
    return None


async def _next(message: Message, context: BotContext) -> int:
    """Ask the following field, or show the preview when editing or done."""
    current = context.user_store.get(STEP)
    if context.user_store.pop(EDITING, False) or current == FIELDS[-1]:
        return await show_preview(message, context)
    following = FIELDS[FIELDS.index(current) + 1]
    if following == "audience" and context.user_store.get(PRESET):
        following = FIELDS[FIELDS.index(following) + 1]
    return await _ask(message, context, following)


Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]


def admin_step(step: Step) -> Step:
    """Re-check, at every step and button, that the user is still an HR admin and still has a
    draft: a draft survives restarts, and admin rights may have been withdrawn meanwhile."""

    @functools.wraps(step)
    async def guarded(update: Update, context: BotContext) -> int:
        user = update.effective_user
        refusal = None
        if not context.is_admin(user.id if user else None):
            refusal = texts.ADMIN_REVOKED
        elif DRAFT not in context.user_store:  # removed by /forget or by the retention job
            refusal = texts.ANNOUNCE_TIMEOUT
        if refusal is None:
            return await step(update, context)
        drop_draft(context.user_store)
        if update.callback_query is not None:
            await update.callback_query.answer(refusal, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(refusal, do_quote=False)
        return ConversationHandler.END

    return guarded


async def start(update: Update, context: BotContext) -> int:
    """/announce: admins only, private chat."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return ConversationHandler.END
    if not await context.admin_or_refuse(message, user, private_only=True):
        return ConversationHandler.END
    context.user_store[DRAFT] = {}
    context.user_store.pop(PRESET, None)
    context.user_store[STARTED] = dt.datetime.now(dt.UTC)  # for the drafts' retention
    return await _ask(message, context, "title")


async def start_targeted(update: Update, context: BotContext) -> int:
    """From /progress: a draft whose audience is those still short of one category."""
    query = update.callback_query
    if query is None:
        return ConversationHandler.END
    if not context.is_admin(query.from_user.id):
        await query.answer(texts.ADMIN_ONLY, show_alert=True)
        return ConversationHandler.END
    await query.answer()
    audience = (query.data or "").split(":", 2)[-1]
    if not isinstance(query.message, Message) or Audience.parse(audience) is None:
        return ConversationHandler.END
    context.user_store[DRAFT] = {"audience": audience}
    context.user_store[PRESET] = True
    context.user_store[STARTED] = dt.datetime.now(dt.UTC)  # for the drafts' retention
    return await _ask(query.message, context, "title")


@admin_step
async def on_text(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    field = context.user_store.get(STEP, "title")
    if field == "audience":
        await message.reply_text(texts.ANNOUNCE_STEPS["audience"], reply_markup=audience_keyboard(),
                                 do_quote=False)
        return ASKING
    value = message.text.strip()
    problem = _field_problem(field, value)
    if problem:
        await message.reply_text(texts.ANNOUNCE_BAD_VALUE.format(reason=problem), do_quote=False)
        return ASKING
    _draft(context)[field] = value
    return await _next(message, context)


@admin_step
async def on_skip(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None
    field = context.user_store.get(STEP, "title")
    if field in texts.ANNOUNCE_REQUIRED:
        await message.reply_text(texts.ANNOUNCE_NOT_SKIPPABLE, do_quote=False)
        return ASKING
    _draft(context).pop(field, None)
    return await _next(message, context)


def _audience_size(context: BotContext, audience: Audience) -> int:
    size = context.services.audience_size
    return size(audience) if size else 0


async def show_preview(message: Message, context: BotContext) -> int:
    parsed = parse_announcement(_draft(context))
    if isinstance(parsed, list):  # cannot happen field by field, but never send a bad draft
        await message.reply_text("\n".join(parsed), do_quote=False)
        return await _ask(message, context, "title")
    header = texts.ANNOUNCE_PREVIEW.format(audience=parsed.audience.describe(),
                                           n=_audience_size(context, parsed.audience))
    await message.reply_html(header, do_quote=False)
    await send_html(context.bot, message.chat.id, announcement_html(parsed), preview_keyboard())
    return PREVIEW


def _queue(context: BotContext, user_id: int, chat_id: int, send_at: dt.datetime | None) -> int:
    parsed = parse_announcement(_draft(context))
    assert isinstance(parsed, Announcement) and context.services.announcements is not None
    return context.services.announcements.queue_announcement(
        parsed, f"telegram:{user_id}", notify_chat=chat_id, send_at=send_at
    )


@admin_step
async def on_button(update: Update, context: BotContext) -> int:
    """Audience choice, and the preview's send / schedule / edit / cancel."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return ConversationHandler.END
    _, action, *rest = (query.data or "").split(":")
    if action == "aud" and context.user_store.get(STEP) == "audience":
        _draft(context)["audience"] = ":".join(rest)
        return await _next(message, context)
    if action == "send":
        announcement_id = _queue(context, query.from_user.id, message.chat.id, None)
        await message.reply_text(texts.ANNOUNCE_QUEUED.format(id=announcement_id), do_quote=False)
        drop_draft(context.user_store)
        return ConversationHandler.END
    if action == "schedule":
        await message.reply_text(texts.ANNOUNCE_ASK_TIME, do_quote=False)
        return SCHEDULING
    if action == "edit":
        await message.reply_text(texts.ANNOUNCE_WHICH_FIELD, reply_markup=fields_keyboard(),
                                 do_quote=False)
        return PREVIEW
    if action == "field" and rest and rest[0] in FIELDS:
        context.user_store[EDITING] = True
        return await _ask(message, context, rest[0])
    return await cancel(update, context)


@admin_step
async def on_schedule_time(update: Update, context: BotContext) -> int:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    when = parse_datetime(message.text)
    if when is None:
        await message.reply_text(texts.ANNOUNCE_BAD_VALUE.format(reason=texts.ANNOUNCE_ASK_TIME),
                                 do_quote=False)
        return SCHEDULING
    if when <= dt.datetime.now(TAIPEI):
        await message.reply_text(texts.ANNOUNCE_TIME_PAST, do_quote=False)
        return SCHEDULING
    announcement_id = _queue(context, user.id, message.chat.id, when)
    await message.reply_text(texts.ANNOUNCE_SCHEDULED.format(id=announcement_id, at=roc_when(when)),
                             do_quote=False)
    drop_draft(context.user_store)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    drop_draft(context.user_store)
    message = update.effective_message
    if message is not None:
        await message.reply_text(texts.ANNOUNCE_CANCELLED, do_quote=False)
    return ConversationHandler.END


async def forget_during_draft(update: Update, context: BotContext) -> int:
    """/forget while composing: the draft goes first, then the usual confirmation."""
    drop_draft(context.user_store)
    await forget.forget_command(update, context)
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    drop_draft(context.user_store)
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, texts.ANNOUNCE_TIMEOUT)


def handlers() -> list[BaseHandler]:
    skip = CommandHandler("skip", on_skip)
    stop = CommandHandler("cancel", cancel)
    text = filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # Per user and chat is what we want: a draft belongs to one HR person, not one message.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        # The timeout is not persisted: after a restart an old draft waits until it is used.
        warnings.filterwarnings("ignore", message=".*conversation_timeout.*", category=PTBUserWarning)
        conversation = _conversation(text, skip, stop)
    return [conversation]


def _conversation(text: filters.BaseFilter, skip: CommandHandler, stop: CommandHandler) -> ConversationHandler:
    return ConversationHandler(
        entry_points=[CommandHandler("announce", start),
                      CallbackQueryHandler(start_targeted, pattern=rf"^{ACTION}:prep:missing:")],
        states={
            ASKING: [MessageHandler(text, on_text), skip,
                     CallbackQueryHandler(on_button, pattern=rf"^{ACTION}:aud:")],
            PREVIEW: [CallbackQueryHandler(on_button, pattern=rf"^{ACTION}:")],
            SCHEDULING: [MessageHandler(text, on_schedule_time)],
            ConversationHandler.TIMEOUT: [MessageHandler(filters.ALL, timed_out)],
        },
        fallbacks=[stop, CommandHandler("forget", forget_during_draft)],
        conversation_timeout=1800,
        name="announce",
        persistent=True,  # a draft survives a restart of the bot
    )
