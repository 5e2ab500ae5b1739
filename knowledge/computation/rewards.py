"""Individual learning rewards as data (`knowledge/rules/rewards.yaml`), for questions that add
up several achievements: each reward is stated in its own entry, but nobody should have to add
嘉獎 2 次 and 嘉獎 1 次 themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.model import PACKAGE_DIR, load_yaml

REWARDS_FILE = PACKAGE_DIR / "rules" / "rewards.yaml"
KINDS = ("記功", "嘉獎")


@dataclass(frozen=True)
class Achievement:
    entry: str
    label: str
    names: tuple[str, ...]
    reward: tuple[tuple[str, int], ...]  # (kind, count)


def load_achievements(path: Path = REWARDS_FILE) -> tuple[Achievement, ...]:
    """Read the file; raise ValueError naming the first malformed item."""
    data = load_yaml(path)
    items = data.get("achievements") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path.name}: needs a non-empty `achievements:` list")
    out = []
    for n, raw in enumerate(items, 1):
        names = raw.get("names") if isinstance(raw, dict) else None
        reward = raw.get("reward") if isinstance(raw, dict) else None
        if (
            not isinstance(names, list) or not names or not isinstance(reward, dict) or not reward
            or not all(k in KINDS and isinstance(v, int) and v > 0 for k, v in reward.items())
            or not raw.get("entry") or not raw.get("label")
        ):
            raise ValueError(
                f"{path.name}: achievement {n} needs entry, label, names and a reward of "
                f"{' or '.join(KINDS)} with a positive count"
            )
        out.append(Achievement(str(raw["entry"]), str(raw["label"]), tuple(map(str, names)),
                               tuple((k, int(v)) for k, v in reward.items())))
    return tuple(out)


@lru_cache(maxsize=1)
def achievements() -> tuple[Achievement, ...]:
    return load_achievements()


def _names(name: str, text: str) -> bool:
    """Chinese names anywhere; Latin ones as whole words (app, not apply)."""
    if name.isascii():
        return re.search(rf"(?<![a-z]){re.escape(name.lower())}(?![a-z])", text) is not None
    return name in text


def named_in(text: str) -> list[Achievement]:
    """The achievements a text names, each once, in file order."""
    found: list[Achievement] = []
    compact = text.replace(" ", "")  # folding spaces out terms: 全民英檢 初級
    for item in achievements():
        if any(_names(n, text if n.isascii() else compact) for n in item.names) and item.label not in {f.label for f in found}:
            found.append(item)
    return found
