"""HR cancels, corrects or withdraws an announcement from the buttons under /announcements.

Every step re-checks that the person is still an HR admin (the list can change while a
button waits). The intent is stored at once; the bot's delivery job carries it out and
reports back in this chat.
"""

from __future__ import annotations

import warnings
from html import escape

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

from handlers import texts
from handlers.context import BotContext
from handlers.render import announcement_html, send_html
from knowledge.announcements.announcement import FIELDS, Announcement, parse_announcement

PREFIX = "am"  # callback data: am:<action>:<announcement id>[:<field>]
CHOOSING, TYPING, CONFIRMING = range(3)
AMEND = "amend_draft"
CORRECTABLE_FIELDS = tuple(f for f in FIELDS if f != "audience")


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=f"{PREFIX}:{data}")


def actions_keyboard(announcement_id: int, status: str) -> InlineKeyboardMarkup | None:
    row = []
    if status in ("queued", "scheduled", "sending"):
        row.append(_button(texts.MANAGE_CANCEL, f"cancel:{announcement_id}"))
    if status not in ("withdrawing", "withdrawn"):
        row.append(_button(texts.MANAGE_CORRECT, f"fix:{announcement_id}"))
        row.append(_button(texts.MANAGE_WITHDRAW, f"wd:{announcement_id}"))
    return InlineKeyboardMarkup([row]) if row else None


async def _admin_query(update: Update, context: BotContext) -> tuple[list[str], Message] | None:
    """The button's parts, if an HR admin pressed it on an accessible message."""
    query = update.callback_query
    if query is None:
        return None
    if not context.is_admin(query.from_user.id):
        await query.answer(texts.ADMIN_ONLY, show_alert=True)
        return None
    await query.answer()
    if not isinstance(query.message, Message) or context.services.announcements is None:
        return None
    return (query.data or "").split(":")[1:], query.message


def _id(parts: list[str]) -> int:
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _refusal(outcome: str, announcement_id: int) -> str:
    return texts.AMEND_REFUSED.get(outcome, texts.AMEND_REFUSED["missing"]).format(
        id=announcement_id)


async def on_manage(update: Update, context: BotContext) -> None:
    """am:show / cancel / wd (ask to confirm), cancel! / wd! (do it), no."""
    found = await _admin_query(update, context)
    if found is None:
        return
    parts, message = found
    store = context.services.announcements
    assert store is not None
    action, announcement_id = parts[0], _id(parts)
    if action == "no":
        await message.reply_text(texts.MANAGE_KEPT, do_quote=False)
        return
    current = store.announcement(announcement_id)
    if current is None:
        await message.reply_text(_refusal("missing", announcement_id), do_quote=False)
        return
    row, a = current
    actor = f"telegram:{update.callback_query.from_user.id}" if update.callback_query else "?"
    if action == "show":
        status = texts.STATUS_NAMES.get(row["status"], row["status"])
        keyboard = actions_keyboard(announcement_id, row["status"])
        text = texts.MANAGE_TITLE.format(id=announcement_id, title=escape(a.title), status=status)
        await message.reply_html(text if keyboard else f"{text}\n{texts.MANAGE_ACTIONS_NONE}",
                                 reply_markup=keyboard, do_quote=False)
    elif action in ("cancel", "wd"):
        question = texts.MANAGE_CONFIRM_CANCEL if action == "cancel" else texts.MANAGE_CONFIRM_WITHDRAW
        keyboard = InlineKeyboardMarkup([[_button(texts.MANAGE_YES, f"{action}!:{announcement_id}"),
                                          _button(texts.MANAGE_NO, "no")]])
        await message.reply_text(question.format(id=announcement_id, title=a.title),
                                 reply_markup=keyboard, do_quote=False)
    elif action == "cancel!":
        outcome = store.cancel_announcement(announcement_id, actor)
        await message.reply_text(texts.CANCEL_OK.format(id=announcement_id) if outcome == "ok"
                                 else _refusal(outcome, announcement_id), do_quote=False)
    elif action == "wd!":
        outcome = store.withdraw_announcement(announcement_id, actor, message.chat.id)
        await message.reply_text(texts.WITHDRAW_OK.format(id=announcement_id) if outcome == "ok"
                                 else _refusal(outcome, announcement_id), do_quote=False)


# --- correcting, a short conversation: field → new value → preview → confirm ---------------
async def start_correction(update: Update, context: BotContext) -> int:
    found = await _admin_query(update, context)
    if found is None:
        return ConversationHandler.END
    parts, message = found
    announcement_id = _id(parts)
    store = context.services.announcements
    assert store is not None
    current = store.announcement(announcement_id)
    if current is None or current[0]["status"] in ("withdrawing", "withdrawn"):
        outcome = "missing" if current is None else current[0]["status"]
        await message.reply_text(_refusal(outcome, announcement_id), do_quote=False)
        return ConversationHandler.END
    context.user_store[AMEND] = {"id": announcement_id, "record": current[1].to_record()}
    buttons = [_button(texts.ANNOUNCE_FIELD_NAMES[f], f"fld:{announcement_id}:{f}")
               for f in CORRECTABLE_FIELDS]
    await message.reply_text(texts.MANAGE_CORRECT_FIELD.format(id=announcement_id),
                             reply_markup=InlineKeyboardMarkup(
                                 [buttons[i:i + 3] for i in range(0, len(buttons), 3)]),
                             do_quote=False)
    return CHOOSING


async def choose_field(update: Update, context: BotContext) -> int:
    found = await _admin_query(update, context)
    draft = context.user_store.get(AMEND)
    if found is None or draft is None:
        return ConversationHandler.END
    parts, message = found
    field = parts[2] if len(parts) > 2 and parts[2] in CORRECTABLE_FIELDS else ""
    if not field or _id(parts) != draft["id"]:
        return CHOOSING
    draft["field"] = field
    await message.reply_text(
        texts.MANAGE_CORRECT_ASK.format(field=texts.ANNOUNCE_FIELD_NAMES[field]), do_quote=False)
    return TYPING


def _corrected(draft: dict, value: str) -> Announcement | list[str]:
    record = {k: v for k, v in draft["record"].items() if v not in (None, "")}
    record[draft["field"]] = value
    return parse_announcement(record)


async def type_value(update: Update, context: BotContext) -> int:
    message, user = update.effective_message, update.effective_user
    draft = context.user_store.get(AMEND)
    if message is None or user is None or message.text is None or draft is None:
        return ConversationHandler.END
    if not await context.admin_or_refuse(message, user):
        return _drop(context)
    parsed = _corrected(draft, message.text.strip())
    if isinstance(parsed, list):
        reason = "；".join(e.split(": ", 1)[-1] for e in parsed)
        await message.reply_text(texts.ANNOUNCE_BAD_VALUE.format(reason=reason), do_quote=False)
        return TYPING
    draft["value"] = message.text.strip()
    store = context.services.announcements
    assert store is not None
    delivered = store.delivery_counts(draft["id"])["sent"]
    await message.reply_text(texts.MANAGE_CORRECT_PREVIEW.format(n=delivered), do_quote=False)
    keyboard = InlineKeyboardMarkup([[_button(texts.MANAGE_CORRECT_CONFIRM, f"ok:{draft['id']}"),
                                      _button(texts.MANAGE_NO, "no")]])
    await send_html(context.bot, message.chat.id, announcement_html(parsed), keyboard)
    return CONFIRMING


async def confirm(update: Update, context: BotContext) -> int:
    found = await _admin_query(update, context)
    draft = context.user_store.get(AMEND)
    if found is None or draft is None:
        return _drop(context)
    parts, message = found
    if parts[0] != "ok" or _id(parts) != draft["id"] or "value" not in draft:
        await message.reply_text(texts.MANAGE_KEPT, do_quote=False)
        return _drop(context)
    parsed = _corrected(draft, draft["value"])
    store = context.services.announcements
    assert isinstance(parsed, Announcement) and store is not None
    actor = f"telegram:{update.callback_query.from_user.id}" if update.callback_query else "?"
    outcome = store.correct_announcement(draft["id"], parsed, actor, message.chat.id)
    await message.reply_text(texts.CORRECT_OK.format(id=draft["id"]) if outcome == "ok"
                             else _refusal(outcome, draft["id"]), do_quote=False)
    return _drop(context)


async def give_up(update: Update, context: BotContext) -> int:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.MANAGE_KEPT, do_quote=False)
    return _drop(context)


def _drop(context: BotContext) -> int:
    context.user_store.pop(AMEND, None)
    return ConversationHandler.END


def handlers() -> list[BaseHandler]:
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CallbackQueryHandler(start_correction, pattern=rf"^{PREFIX}:fix:\d+$")],
            states={
                CHOOSING: [CallbackQueryHandler(choose_field, pattern=rf"^{PREFIX}:fld:")],
                TYPING: [MessageHandler(text, type_value)],
                CONFIRMING: [CallbackQueryHandler(confirm, pattern=rf"^{PREFIX}:(ok|no)")],
            },
            fallbacks=[CommandHandler("cancel", give_up),
                       CallbackQueryHandler(give_up, pattern=rf"^{PREFIX}:no$")],
            conversation_timeout=1800,
            name="amend",
        )
    return [conversation,
            CallbackQueryHandler(on_manage, pattern=rf"^{PREFIX}:(show|cancel!?|wd!?|no)(:|$)")]
