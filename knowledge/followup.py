"""Short follow-ups read against the previous question: "那留職停薪呢？", "如果只讀3個月呢？".

A follow-up names what changes (a study mode, a place, a number) and leaves the rest to the
question before it. The previous question, with the changed facet or numbers taken out, is
read together with the follow-up. The chat (Telegram or terminal) keeps the previous question
for ten minutes; a new full question starts afresh.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import DEFAULT_LEXICON_DIR, load_yaml

FOLLOWUP_MINUTES = 10
MAX_FOLLOWUP_CHARS = 20  # normalised characters; longer messages are full questions
_LEADS = re.compile(r"^(那麼?|那如果|如果|若是?|要是|假如|假設|換成|改成|改為|那要是|還有|又|and|what about|how about|what if|if)")
_TAILS = re.compile(r"(呢|的話|咧|勒|怎麼算|又如何|又怎樣|也是嗎|也一樣嗎|也算嗎)$")
_NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(年|個月|月|小時|人|名|位)")


@dataclass(frozen=True)
class Facets:
    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def load(cls, directory: Path = DEFAULT_LEXICON_DIR) -> Facets:
        from knowledge.normalise import normalise

        data = load_yaml(directory / "facets.yaml") or {}
        raw = data.get("facets") if isinstance(data, dict) else None
        if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
            raise ValueError("facets.yaml needs `facets:` mapping a name to a list of terms")
        return cls(tuple(tuple(normalise(str(t)) for t in terms) for terms in raw.values()))


def is_followup(normalised: str) -> bool:
    """A short message that leans on what was asked before."""
    text = normalised.strip()
    if not text or len(text.replace(" ", "")) > MAX_FOLLOWUP_CHARS:
        return False
    return bool(_LEADS.search(text) or _TAILS.search(text))


def merge(previous: str, followup: str, facets: Facets) -> str:
    """The previous (folded) question with what the follow-up changes taken out, then the
    follow-up itself."""
    kept = previous
    for group in facets.groups:
        if any(term in followup for term in group):
            for term in group:
                if term not in followup:
                    kept = kept.replace(term, " ")
    units = {m.group(1) for m in _NUMBER_UNIT.finditer(followup)}
    if units:
        kept = _NUMBER_UNIT.sub(lambda m: " " if m.group(1) in units else m.group(0), kept)
    return f"{' '.join(kept.split())} {followup.strip()}"


class RecentQuestions:
    """The last question of each chat, kept in memory only and only for FOLLOWUP_MINUTES.

    Nothing here is written to disk: a restart forgets every chat's previous question, which
    costs at most one follow-up that has to be asked in full.
    """

    def __init__(self, minutes: float = FOLLOWUP_MINUTES, limit: int = 10_000):
        self.seconds = minutes * 60
        self.limit = limit
        self._last: OrderedDict[int, tuple[str, float]] = OrderedDict()

    def remember(self, chat_id: int, folded: str, now: float) -> None:
        self._last.pop(chat_id, None)
        self._last[chat_id] = (folded, now)
        while len(self._last) > self.limit:
            self._last.popitem(last=False)

    def recall(self, chat_id: int, now: float) -> str | None:
        found = self._last.get(chat_id)
        if found is None or now - found[1] > self.seconds:
            self._last.pop(chat_id, None)
            return None
        return found[0]

    def forget(self, chat_id: int) -> None:
        self._last.pop(chat_id, None)
