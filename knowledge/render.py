"""Plain-text rendering of results, for the terminal (`trainbot ask`, `trainbot chat`)."""

from __future__ import annotations

from knowledge.results import TRUNCATED_NOTE, Answer, Clarify, Result


def render_text(result: Result) -> str:
    lines = []
    if result.truncated:
        lines.append(TRUNCATED_NOTE)
    lines.append(result.text)
    if isinstance(result, Answer):
        lines.append(f"出處：{result.source}")
        lines.append(f"版本：{result.edition}")
        if result.related and not result.computed:
            lines.append("相關問題：" + "；".join(s.question for s in result.related))
    elif isinstance(result, Clarify):
        lines.extend(f"{n}. {s.question}" for n, s in enumerate(result.suggestions, 1))
    return "\n".join(lines)
