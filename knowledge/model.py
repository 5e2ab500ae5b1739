"""The knowledge base as typed, immutable records, loaded from HR-editable YAML files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_KB_DIR = PACKAGE_DIR / "kb"
DEFAULT_LEXICON_DIR = PACKAGE_DIR / "lexicon"


def kb_dir() -> Path:
    """Where the entries live; `TRAINBOT_KB_DIR` lets HR try edits without reinstalling."""
    return Path(os.environ.get("TRAINBOT_KB_DIR", DEFAULT_KB_DIR))


@dataclass(frozen=True)
class Source:
    """Where an answer comes from: the document and clause, and the law behind it if known."""

    document: str
    clause: str
    law: str = ""

    def cite(self) -> str:
        text = f"{self.document} {self.clause}".strip()
        return f"{text}（{self.law}）" if self.law else text


@dataclass(frozen=True)
class Entry:
    """One question the bot can answer, with every phrasing that should reach it."""

    id: str
    topic: str
    question: str
    answer: str
    source: Source
    edition: str
    edition_label: str
    alternates: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # Words of which the question must contain one for this entry to lead: a narrow or
    # historical entry (公餘進修 only, the rule's past) must not answer a general question.
    requires: tuple[str, ...] = ()
    # Ids of entries merged into this one: labels, buttons and records that still name them
    # reach this entry (two entries answering the same questions confused users and ranking).
    replaces: tuple[str, ...] = ()
    file: str = ""

    @property
    def questions(self) -> tuple[str, ...]:
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class KnowledgeBase:
    """All entries, in file order, with lookup by id."""

    entries: tuple[Entry, ...]
    by_id: dict[str, Entry] = field(repr=False, compare=False, hash=False)
    merged_into: dict[str, str] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def of(cls, entries: list[Entry]) -> KnowledgeBase:
        merged = {old: e.id for e in entries for old in e.replaces}
        return cls(tuple(entries), {e.id: e for e in entries}, merged)

    def current_id(self, entry_id: str) -> str:
        """The id an entry goes by now: itself, or the entry it was merged into."""
        return self.merged_into.get(entry_id, entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def topics(self) -> list[str]:
        return list(dict.fromkeys(e.topic for e in self.entries))


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster start-up


class _UniqueKeyLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a key repeated in one mapping: YAML would keep only the last
    one, and whatever the first held (a glossary's wordings, an entry's field) would vanish."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is listed more than once; merge the two", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader


def load_editions(lexicon: Path = DEFAULT_LEXICON_DIR) -> dict[str, str]:
    data = load_yaml(lexicon / "editions.yaml")
    if not isinstance(data, dict):
        raise ValueError("editions.yaml must map an edition key to its label")
    return {str(k): str(v) for k, v in data.items()}
