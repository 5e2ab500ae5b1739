"""/forget: a user deletes everything the bot holds about them, after confirming."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import callbacks, texts
from handlers.context import BotContext

ANNOUNCE_CONVERSATION = "announce"  # the name handlers.announce gives its ConversationHandler


def confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.FORGET_YES, callback_data=callbacks.forget(True)),
                InlineKeyboardButton(texts.FORGET_NO, callback_data=callbacks.forget(False)),
            ]
        ]
    )


async def forget_command(update: Update, context: BotContext) -> None:
    """Ask for confirmation: the deletion cannot be undone."""
    message = update.effective_message
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.FORGET_PRIVATE_ONLY, do_quote=False)
        return
    await message.reply_text(texts.FORGET_CONFIRM, reply_markup=confirm_keyboard(), do_quote=False)


async def on_confirm(update: Update, context: BotContext) -> None:
    """Delete, for the user who tapped (never anyone named in the button), or keep."""
    query = update.callback_query
    parsed = callbacks.parse(query.data if query else None)
    if query is None:
        return
    if not isinstance(parsed, callbacks.Forget):  # forged: never guess what was meant
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    if not parsed.confirmed:
        await query.answer(texts.FORGET_KEPT)
        return
    forget = context.services.forget
    if forget is None:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    user_id = query.from_user.id
    forget(user_id)
    context.application.drop_user_data(user_id)  # drafts and anything else in persistence
    persistence = context.application.persistence
    if persistence is not None:  # a saved conversation state is keyed by (chat id, user id)
        for key in list(await persistence.get_conversations(ANNOUNCE_CONVERSATION)):
            if user_id in key:
                await persistence.update_conversation(ANNOUNCE_CONVERSATION, key, None)
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, texts.FORGET_DONE)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("forget", forget_command),
        CallbackQueryHandler(on_confirm, pattern=rf"^{callbacks.FORGET}:"),
    ]
