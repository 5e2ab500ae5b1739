"""Engine results as Telegram HTML messages with their buttons, split to Telegram's limit."""

from __future__ import annotations

import re
from html import escape, unescape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode

from handlers import callbacks, texts
from knowledge.announcements.announcement import Announcement
from knowledge.computation.dates import roc_when
from knowledge.results import TRUNCATED_NOTE, Answer, Clarify, Result, Suggestion

MAX_MESSAGE = 4096
_TAG_OR_ENTITY = re.compile(r"<(/?)([a-z]+)[^>]*>|&[#a-z0-9]+;", re.I)


def result_html(result: Result) -> str:
    """The reply text: the answer (escaped), then source and edition on their own lines."""
    lines = []
    if result.truncated:
        lines.append(escape(TRUNCATED_NOTE))
    lines.append(escape(result.text))
    if isinstance(result, Answer):
        lines.append(f"\n<b>{texts.SOURCE}</b>：{escape(result.source)}")
        lines.append(f"<b>{texts.EDITION}</b>：{escape(result.edition)}")
    return "\n".join(lines)


def _suggestion_rows(suggestions: tuple[Suggestion, ...]) -> list[list[InlineKeyboardButton]]:
    return [
        [InlineKeyboardButton(s.question, callback_data=callbacks.entry_choice(s.entry_id))]
        for s in suggestions
    ]


def result_keyboard(result: Result, question_id: int | None) -> InlineKeyboardMarkup | None:
    """Choices for a clarify; 👍/👎 and up to three related questions for an answer."""
    if isinstance(result, Clarify):
        return InlineKeyboardMarkup(_suggestion_rows(result.suggestions))
    if isinstance(result, Answer):
        rows = []
        if question_id is not None:
            rows.append(
                [
                    InlineKeyboardButton(texts.HELPFUL, callback_data=callbacks.vote(question_id, True)),
                    InlineKeyboardButton(
                        texts.NOT_HELPFUL, callback_data=callbacks.vote(question_id, False)
                    ),
                ]
            )
        related = tuple(s for s in result.related if s.entry_id != result.entry_id)[:3]
        rows.extend(_suggestion_rows(related))
        return InlineKeyboardMarkup(rows) if rows else None
    return None


def announcement_html(a: Announcement) -> str:
    """The announcement exactly as subscribers see it (and as HR previews it)."""
    lines = [texts.ANN_HEADER.format(title=escape(a.title)), ""]
    values = {
        "starts_at": roc_when(a.starts_at), "place": a.place, "organiser": a.organiser,
        "hours": f"{a.hours:g} 小時" if a.hours else "", "categories": "、".join(a.categories),
        "deadline": roc_when(a.deadline), "link": a.link,
    }
    for key, label in texts.ANN_FIELDS.items():
        if values[key]:
            lines.append(f"{label}：{escape(values[key])}")
    lines += ["", escape(a.body)]
    return "\n".join(lines)


def interest_keyboard(announcement_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.INTERESTED, callback_data=callbacks.interest(announcement_id))]]
    )


def plain_text(html: str) -> str:
    """What a Telegram user reads, for the terminal: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def split_html(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut HTML into pieces of at most `limit` characters, never inside a tag or entity.

    Prefers line breaks; tags open at a cut are closed at the end of one piece and reopened at
    the start of the next, so every piece is valid on its own.
    """
    if len(html) <= limit:
        return [html]
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, opening tag text)
    current = ""
    pos = 0

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(open_tags))

    def flush() -> None:
        nonlocal current
        pieces.append(current + closing())
        current = "".join(tag for _, tag in open_tags)

    while pos < len(html):
        match = _TAG_OR_ENTITY.match(html, pos)
        unit = match.group(0) if match else html[pos]
        budget = limit - len(closing())
        if len(current) + len(unit) > budget:
            cut = current.rfind("\n")
            if cut > len(current) // 2 and "<" not in current[cut:]:
                rest = current[cut + 1 :]
                current = current[:cut]
                flush()
                current += rest
            else:
                flush()
        current += unit
        if match and match.group(2):
            name = match.group(2).lower()
            if match.group(1):
                if open_tags and open_tags[-1][0] == name:
                    open_tags.pop()
            elif not unit.endswith("/>"):
                open_tags.append((name, unit))
        pos += len(unit)
    if current.strip():
        pieces.append(current)
    return pieces


async def reply_html(
    message: Message, html: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Send HTML in as many messages as it takes; the buttons go under the last one."""
    await send_html(message.get_bot(), message.chat.id, html, keyboard)


async def send_html(
    bot: Bot, chat_id: int, html: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """As reply_html, by chat id: a button's message may be too old to be accessible."""
    pieces = split_html(html)
    for n, piece in enumerate(pieces, 1):
        await bot.send_message(
            chat_id,
            piece,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard if n == len(pieces) else None,
            disable_web_page_preview=True,
        )
