"""Announcement topics as data HR edits (`rules/topics.yaml`), not code.

The file is read again whenever it changes, so a running bot offers the new list at the next
/subscribe without a restart. A broken file keeps the last good list (and `trainbot kb check`
says what is wrong), so a typo never takes every topic away from subscribers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from knowledge.model import PACKAGE_DIR, load_yaml

log = logging.getLogger(__name__)
TOPICS_FILE = PACKAGE_DIR / "rules" / "topics.yaml"
MAX_TOPIC = 20  # characters; a button's callback data must stay within Telegram's 64 bytes
_cache: dict[Path, tuple[float, tuple[str, ...]]] = {}


def topic_problems(path: Path | None = None) -> list[str]:
    """Every problem with the topics file, as `topics: reason`; empty when it is fine."""
    path = path or TOPICS_FILE
    try:
        data = load_yaml(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one problem to report
        return [f"topics: cannot read: {exc}"]
    raw = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        return ["topics: 須是非空的清單（topics: [政策性, 主管, …]）"]
    problems = []
    seen: set[str] = set()
    for n, item in enumerate(raw, 1):
        name = str(item).strip() if isinstance(item, str | int) else ""
        if not name:
            problems.append(f"topics[{n}]: 須是文字")
        elif len(name) > MAX_TOPIC or ":" in name or "*" == name:
            problems.append(f"topics[{n}]: 「{name}」須在 {MAX_TOPIC} 字內且不含冒號")
        elif name in seen:
            problems.append(f"topics[{n}]: 「{name}」重複")
        seen.add(name)
    return problems


def topics(path: Path | None = None) -> tuple[str, ...]:
    """The current topics, in display order (re-read when the file changes)."""
    path = path or TOPICS_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = -1.0
    cached = _cache.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    problems = topic_problems(path)
    if problems:
        log.warning("topics file %s is invalid (%s); keeping the last good list", path, problems)
        if cached is not None:
            return cached[1]
        return ()
    data = load_yaml(path)
    assert isinstance(data, dict)
    names = tuple(str(t).strip() for t in data["topics"])
    _cache[path] = (mtime, names)
    return names
