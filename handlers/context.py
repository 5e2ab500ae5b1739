"""A typed CallbackContext: handlers read their services as attributes, with no casts."""

from __future__ import annotations

from telegram import Message, User
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext, ExtBot

from handlers import texts
from handlers.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict, dict, dict]):
    """The context every handler receives (see `ContextTypes(context=BotContext)`)."""

    @property
    def services(self) -> Services:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services

    @property
    def user_store(self) -> dict:
        """This user's data (a dict for every update that has a user; the drafts live here)."""
        data = self.user_data
        assert data is not None, "update without a user"
        return data

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.services.admins

    async def admin_or_refuse(
        self, message: Message, user: User | None, private_only: bool = False
    ) -> bool:
        """True for HR staff (in a private chat, when `private_only`); anyone else is told
        plainly that the command is HR's, and the handler stops."""
        allowed = self.is_admin(user.id if user else None)
        if allowed and private_only:
            allowed = message.chat.type == ChatType.PRIVATE
        if not allowed:
            await message.reply_text(texts.ADMIN_ONLY, do_quote=False)
        return allowed


def install_services(application: Application, services: Services) -> None:
    """Put the services where BotContext finds them."""
    application.bot_data[SERVICES_KEY] = services
