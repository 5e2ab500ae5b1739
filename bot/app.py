"""The composition root: build the python-telegram-bot Application and run it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ContextTypes,
    PersistenceInput,
)
from telegram.request import HTTPXRequest

from bot.broadcast import Broadcaster
from bot.config import Settings
from bot.hours_desk import Desk
from bot.housekeeping import DraftsPersistence, housekeeping
from bot.kb_watch import KbWatch
from bot.learning_desk import LearningDesk
from bot.progress_desk import ProgressDesk
from bot.reminders import TAIPEI, send_reminders
from bot.retry import RetryingRateLimiter
from bot.storage import Storage
from handlers import (
    admin,
    announce,
    announce_manage,
    ask,
    buttons,
    courses,
    errors,
    forget,
    hours,
    imports,
    learning,
    progress,
    subscribe,
    texts,
)
from handlers.context import BotContext, install_services
from handlers.services import Retention, Services
from knowledge.announcements.courses import Course
from knowledge.computation.requirements import Requirements
from knowledge.engine import AnswerEngine

log = logging.getLogger(__name__)
# Order matters: specific callbacks (hours) before the catch-all button handler, and the
# catch-alls for other content (errors) last.
FEATURES = (announce, announce_manage, ask, hours, courses, progress, subscribe, forget, imports,
            learning, buttons, admin, errors)
POLL_TIMEOUT = 10  # seconds a getUpdates call may wait for news
BROADCAST_TICK = 2.0  # seconds between looks for due announcements (the promise is 5)
KB_TICK = 5.0  # seconds between looks for edited knowledge-base files


def build_application(
    settings: Settings, engine: AnswerEngine, storage: Storage, *, poll_timeout: int = POLL_TIMEOUT
) -> Application:
    """Everything wired, nothing started: tests drive it with `async with app`."""
    if storage.follow_merged_entries(engine.kb.merged_into):
        log.info("records of merged entries now name the entries they became")
    builder = (
        Application.builder()
        .token(settings.token)
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(
            RetryingRateLimiter(overall_max_rate=settings.overall_rate, overall_time_period=1,
                                max_retries=3)
        )
        .request(HTTPXRequest(connection_pool_size=16, read_timeout=15, write_timeout=15))
        # PTB adds the long-polling timeout to this read timeout for getUpdates.
        .get_updates_request(HTTPXRequest(read_timeout=poll_timeout + 1, connect_timeout=5))
        # Only user_data (HR's announcement drafts) and conversation states are kept; services
        # live in bot_data and are rebuilt at start.
        .persistence(
            DraftsPersistence(
                settings.db_path.with_name(settings.db_path.name + ".drafts.pickle"),
                store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
                update_interval=5,
            )
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.replace("/bot", "/file/bot", 1))
    application = builder.build()
    desk = Desk(storage, Requirements.load(), settings.bind_code_days)
    services = Services(
        engine=engine,
        log=storage,
        hours=desk,
        announcements=storage,
        admins=settings.admins,
        retention=Retention(questions=settings.log_retention_days),
        forget=storage.forget_user,
        progress=ProgressDesk(storage, desk.requirements),
    )

    loaded: dict[str, AnswerEngine] = {"engine": engine}  # the knowledge-base engine, replaced when the base is reloaded
    current_courses: list[Course] = []

    def courses_changed(current: list[Course]) -> None:
        current_courses[:] = current
        services.engine = loaded["engine"].with_courses(current)  # courses join the same base

    def engine_reloaded(new: AnswerEngine) -> None:
        loaded["engine"] = new
        services.engine = new.with_courses(current_courses)

    services.learning = LearningDesk(storage, lambda: loaded["engine"], settings.kb_dir,
                                     engine_reloaded)
    application.bot_data["kb_watch"] = KbWatch(settings.kb_dir, lambda: loaded["engine"],
                                               engine_reloaded)

    broadcaster = Broadcaster(storage, desk, settings.broadcast_rate,
                              on_courses_changed=courses_changed, admins=lambda: services.admins)
    services.audience_size = lambda audience: len(broadcaster.audience_of(audience))
    install_services(application, services)
    application.bot_data["storage"] = storage
    application.bot_data["settings"] = settings
    application.bot_data["desk"] = desk
    application.bot_data["broadcaster"] = broadcaster
    for feature in FEATURES:
        application.add_handlers(feature.handlers())
    application.add_error_handler(errors.on_error)
    return application


async def broadcast_tick(context: BotContext) -> None:
    """Start due announcements and resume interrupted ones (every few seconds)."""
    broadcaster: Broadcaster = context.bot_data["broadcaster"]
    await broadcaster.tick(context.bot, context.application.create_task)


async def kb_tick(context: BotContext) -> None:
    """Reload the engine when a knowledge-base file changed (e.g. `trainbot kb suggest
    approve`, or HR's own edit); a base that does not load keeps the last good engine."""
    watch: KbWatch = context.bot_data["kb_watch"]
    await asyncio.to_thread(watch.check)


async def post_init(application: Application) -> None:
    """Set the command menus and schedule housekeeping; runs once the bot is initialised."""
    settings: Settings = application.bot_data["settings"]
    storage: Storage = application.bot_data["storage"]
    storage.set_meta("bot_username", application.bot.username)  # for deep links from the CLI
    commands = [BotCommand(c, d) for c, d in texts.COMMANDS]
    await application.bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats())
    admin_commands = commands + [
        BotCommand(c, d) for c, d in texts.ADMIN_COMMANDS if c not in dict(texts.COMMANDS)
    ]
    for admin_id in sorted(settings.admins):
        try:
            await application.bot.set_my_commands(
                admin_commands, scope=BotCommandScopeChat(chat_id=admin_id)
            )
        except TelegramError as exc:  # an admin who never opened the bot has no chat yet
            log.warning("could not set admin commands for %s: %s", admin_id, exc)
    if application.job_queue is not None:
        application.job_queue.run_repeating(housekeeping, interval=86_400, first=5)
        application.job_queue.run_daily(
            send_reminders, time=settings.reminder_time.replace(tzinfo=TAIPEI), name="reminders"
        )
        application.bot_data["broadcaster"].recover()
        application.job_queue.run_repeating(broadcast_tick, interval=BROADCAST_TICK, first=0.1)
        application.job_queue.run_repeating(kb_tick, interval=KB_TICK, first=KB_TICK)


async def post_shutdown(application: Application) -> None:
    application.bot_data["storage"].close()


def webhook_options(settings: Settings) -> dict[str, Any]:
    """How the webhook listens: Telegram must send the secret, or PTB answers 403."""
    assert settings.webhook_url is not None
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlparse(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
        "drop_pending_updates": False,
    }


def run(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM: long polling, or a webhook when TRAINBOT_WEBHOOK_URL is set."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = AnswerEngine.load(settings.kb_dir)
    storage = Storage.open(settings.db_path)
    application = build_application(settings, engine, storage)
    # Updates sent while the bot was down stay queued at Telegram and are processed on start.
    if settings.webhook_url:
        application.run_webhook(**webhook_options(settings))
    else:
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, timeout=POLL_TIMEOUT
        )
