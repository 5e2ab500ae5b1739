"""/progress (HR): who in each unit meets each category of the year's rule, as a short table,
a bar chart and a workbook, with buttons to announce to those still short of a category."""

from __future__ import annotations

import asyncio
import datetime as dt
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import BaseHandler, CommandHandler

from handlers import texts
from handlers.context import BotContext
from handlers.render import reply_html
from handlers.services import ProgressProblem
from knowledge.announcements.announcement import MISSING_CATEGORIES
from knowledge.computation.dates import TAIPEI
from knowledge.computation.progress import ProgressReport, UnitProgress

NAMES_SHOWN = 10


def parse_year(text: str) -> int | None:
    """2024 or ROC 113."""
    if not text.isdigit():
        return None
    year = int(text)
    year = year + 1911 if year < 1911 else year
    return year if 1990 <= year <= 2100 else None


def problem_text(problem: ProgressProblem, year: int, unit: str | None) -> str:
    if problem.reason == "unit":
        return texts.PROGRESS_UNKNOWN_UNIT.format(unit=unit, units="、".join(problem.units[:50]))
    if problem.reason == "year":
        return texts.PROGRESS_NO_DATA.format(year=year)
    return texts.PROGRESS_NO_PEOPLE


def _row(row: UnitProgress, categories: tuple[str, ...]) -> str:
    shares = " ".join(f"{100 * row.share(c):5.0f}%" for c in categories)
    return f"{row.unit[:10]:<10} {row.people:>6,} {shares} {100 * row.share():5.0f}%"


def format_progress(report: ProgressReport, html: bool = True, names: int | None = NAMES_SHOWN) -> str:
    """The table (units × categories, share meeting each), then who is short of what.
    `names=None` lists everyone (the terminal); in Telegram the workbook has the full lists."""
    quote = escape if html else str
    cats = report.categories
    head = f"{texts.PROGRESS_HEAD:<10} {texts.PROGRESS_PEOPLE:>6} " + " ".join(
        f"{c[:4]:>6}" for c in cats) + f" {texts.PROGRESS_ALL}"
    table = "\n".join([head, *(_row(u, cats) for u in report.units), _row(report.overall, cats)])
    roc = report.year - 1911
    title = texts.PROGRESS_TITLE.format(roc=roc, year=report.year, label=quote(report.rules.label))
    lines = [title if html else title.replace("<b>", "").replace("</b>", ""),
             f"<pre>{quote(table)}</pre>" if html else table]
    if report.reminded:
        lines.append(texts.PROGRESS_REMINDED.format(reminded=report.reminded,
                                                    caught_up=report.caught_up))
    for category in report.missing_categories():
        short = sorted(report.overall.short[category], key=lambda s: (s.unit, s.employee_id))
        shown = short if names is None else short[:names]
        listed = "、".join(f"{quote(s.name)}（{quote(s.unit)}）缺 {s.missing:g}" for s in shown)
        if len(shown) < len(short):
            listed += "；" + texts.PROGRESS_MORE.format(n=len(short))
        line = texts.PROGRESS_SHORT.format(category=category, n=len(short), names=listed)
        lines.append(line if html else line.replace("<b>", "").replace("</b>", ""))
    return "\n".join(lines)


def target_keyboard(report: ProgressReport) -> InlineKeyboardMarkup | None:
    """One button per category with people short of it that a `missing:` audience can name;
    only for the current year, which is the year that audience counts."""
    if report.year != dt.datetime.now(TAIPEI).year:
        return None
    rows = [[InlineKeyboardButton(
        texts.PROGRESS_TARGET.format(category=c, n=len(report.overall.short[c])),
        callback_data=f"ann:prep:missing:{c}")]
        for c in report.missing_categories() if c in MISSING_CATEGORIES]
    return InlineKeyboardMarkup(rows) if rows else None


async def progress_command(update: Update, context: BotContext) -> None:
    """/progress [年度] [機關]: the report, its chart and its workbook (HR, private chat)."""
    message, user = update.effective_message, update.effective_user
    service = context.services.progress
    if message is None or user is None or service is None:
        return
    if not await context.admin_or_refuse(message, user, private_only=True):
        return
    args = list(context.args or [])
    year = dt.datetime.now(TAIPEI).year
    if args and args[0].isdigit():
        parsed = parse_year(args.pop(0))
        if parsed is None:
            await message.reply_text(texts.PROGRESS_BAD_ARGS, do_quote=False)
            return
        year = parsed
    unit = " ".join(args).strip() or None
    report = await asyncio.to_thread(service.report, year, unit, f"telegram:{user.id}")
    if isinstance(report, ProgressProblem):
        await message.reply_text(problem_text(report, year, unit), do_quote=False)
        return
    keyboard = target_keyboard(report)
    note = "\n\n" + texts.PROGRESS_TARGET_NOTE if keyboard else ""
    await reply_html(message, format_progress(report) + note, keyboard)
    chart = await asyncio.to_thread(service.chart, report)
    if chart is None:
        await message.reply_text(texts.PROGRESS_NO_FONT, do_quote=False)
    else:
        await message.reply_photo(chart, caption=texts.PROGRESS_CHART_CAPTION, do_quote=False)
    book = await asyncio.to_thread(service.workbook, report)
    await message.reply_document(
        InputFile(book, filename=texts.PROGRESS_FILE.format(year=year)), do_quote=False)


def handlers() -> list[BaseHandler]:
    return [CommandHandler("progress", progress_command)]
