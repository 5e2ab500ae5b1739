"""HR sends a CSV to the bot: the same importer as `trainbot hours import`, report as reply."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers import texts
from handlers.context import BotContext
from handlers.services import ImportRejected, ImportResult

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download
DRY_RUN_WORDS = ("試算", "預覽", "dry-run", "dry run")


def import_report(result: ImportResult) -> str:
    if isinstance(result, ImportRejected) and result.busy:
        return result.errors[0]
    if isinstance(result, ImportRejected):
        more = result.error_count - len(result.errors)
        errors = "\n".join(result.errors) + (f"\n……另有 {more} 個問題" if more > 0 else "")
        return texts.IMPORT_REJECTED.format(count=result.error_count, errors=errors)
    return texts.IMPORT_OK.format(
        what=texts.IMPORT_KIND[result.kind], dry=texts.IMPORT_DRY if result.dry_run else "",
        rows=result.rows, employees=result.employees, new=result.new,
        unchanged=result.unchanged, updated=result.updated,
    )


async def on_document(update: Update, context: BotContext) -> None:
    """An admin's CSV becomes an import; anyone else is told files are for HR only."""
    message, user = update.effective_message, update.effective_user
    desk = context.services.hours
    if message is None or user is None or message.document is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        return
    if desk is None or not context.is_admin(user.id):
        await message.reply_text(texts.NOT_TEXT_FILE, do_quote=False)
        return
    document = message.document
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await message.reply_text(texts.IMPORT_TOO_BIG, do_quote=False)
        return
    caption = (message.caption or "").lower()
    dry_run = any(word in caption for word in DRY_RUN_WORDS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(document.file_name or "upload.csv").name
        telegram_file = await document.get_file()
        await telegram_file.download_to_drive(path)
        # In another process: a large file must not stop the bot answering questions.
        result = await desk.import_file_async(path, "auto", f"telegram:{user.id}", dry_run)
    log.info("import of %s: %s", (document.file_name or "")[:40], type(result).__name__)
    text = import_report(result) if result is not None else texts.IMPORT_UNKNOWN_KIND
    for start in range(0, len(text), 4000):
        await message.reply_text(text[start : start + 4000], do_quote=False)


def handlers() -> list[BaseHandler]:
    # block=False: an import runs for seconds; other users' questions must not queue behind it.
    return [
        MessageHandler(filters.Document.ALL & filters.UpdateType.MESSAGE, on_document, block=False)
    ]
