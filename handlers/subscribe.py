"""Which announcements a person receives, and whether their chat still accepts messages."""

from __future__ import annotations

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, ChatMemberHandler, CommandHandler

from handlers import callbacks, texts
from handlers.context import BotContext
from knowledge.announcements.topics import topics


def topics_keyboard(general: bool, chosen: set[str]) -> InlineKeyboardMarkup:
    def label(name: str, on: bool) -> str:
        return f"{'✅' if on else '⬜'} {name}"

    rows = [[InlineKeyboardButton(label(texts.SUBSCRIBE_GENERAL, general),
                                  callback_data=callbacks.topic_toggle(""))]]
    names = topics()
    pairs = [names[i : i + 2] for i in range(0, len(names), 2)]
    for pair in pairs:
        rows.append([InlineKeyboardButton(label(t, t in chosen), callback_data=callbacks.topic_toggle(t))
                     for t in pair])
    return InlineKeyboardMarkup(rows)


async def subscribe_command(update: Update, context: BotContext) -> None:
    """Show the topics as toggle buttons."""
    message, user = update.effective_message, update.effective_user
    store = context.services.announcements
    if message is None or user is None or store is None or message.chat.type != ChatType.PRIVATE:
        return
    store.subscribe(user.id)
    general, topics = store.subscription(user.id)
    await message.reply_text(texts.SUBSCRIBE_TITLE, reply_markup=topics_keyboard(general, topics),
                             do_quote=False)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """Stop every announcement (general and topics)."""
    message, user = update.effective_message, update.effective_user
    store = context.services.announcements
    if message is None or user is None or store is None:
        return
    store.unsubscribe_all(user.id)
    await message.reply_text(texts.UNSUBSCRIBE_OK, do_quote=False)


async def on_topic_button(update: Update, context: BotContext) -> None:
    """Flip one topic and redraw the buttons."""
    query = update.callback_query
    store = context.services.announcements
    parsed = callbacks.parse(query.data if query else None)
    if query is None:
        return
    if store is None or not isinstance(parsed, callbacks.TopicToggle):
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    user_id = query.from_user.id
    if parsed.topic == "":
        general, _ = store.subscription(user_id)
        store.set_general(user_id, not general)
    elif parsed.topic in topics():
        store.toggle_topic(user_id, parsed.topic)
    else:
        if parsed.topic in store.subscription(user_id)[1]:  # HR removed it since: say so
            await query.answer(texts.TOPIC_GONE.format(topic=parsed.topic), show_alert=True)
        else:  # a topic this user never had: stale or forged data, echo nothing back
            await query.answer(texts.EXPIRED_BUTTON)
        general, chosen = store.subscription(user_id)
        if query.message is not None:
            await context.bot.edit_message_reply_markup(
                chat_id=query.message.chat.id, message_id=query.message.message_id,
                reply_markup=topics_keyboard(general, chosen))
        return
    await query.answer()
    general, chosen = store.subscription(user_id)
    if query.message is not None:
        await context.bot.edit_message_reply_markup(
            chat_id=query.message.chat.id, message_id=query.message.message_id,
            reply_markup=topics_keyboard(general, chosen),
        )


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """A user blocked or unblocked the bot: keep their chat's active flag true to it."""
    change = update.my_chat_member
    store = context.services.announcements
    if change is None or store is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    store.set_active(change.chat.id, status not in (ChatMember.BANNED, ChatMember.LEFT))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("subscribe", subscribe_command),
        CommandHandler("unsubscribe", unsubscribe_command),
        CallbackQueryHandler(on_topic_button, pattern=rf"^{callbacks.TOPIC}:"),
        ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
    ]
