"""Load and validate knowledge-base files, reporting every problem as `file:entry:field: reason`.

Loading and checking are one pass so the bot can never start on a base that `kb check` rejects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.model import (
    DEFAULT_LEXICON_DIR,
    Entry,
    KnowledgeBase,
    Source,
    kb_dir,
    load_editions,
    load_yaml,
)

REQUIRED_TEXT = ("id", "question", "answer", "edition")
LIST_FIELDS = ("alternates", "keywords", "related", "requires", "replaces")


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.entry}:{self.field}: {self.reason}"


class KnowledgeBaseError(Exception):
    """Raised when the knowledge base has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _text_list(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return None


_ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _join_lines(text: str) -> str:
    """Folded YAML joins lines with spaces; Chinese text wants none between characters."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def _parse_entry(
    raw: object, topic: str, fname: str, editions: dict[str, str], problems: list[Problem]
) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(fname, "?", "entries", "each entry must be a mapping"))
        return None
    eid = str(raw.get("id") or "?")
    bad = len(problems)
    for key in REQUIRED_TEXT:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(Problem(fname, eid, key, "required text is missing"))
    lists = {}
    for key in LIST_FIELDS:
        lists[key] = _text_list(raw.get(key))
        if lists[key] is None:
            problems.append(Problem(fname, eid, key, "must be a list of texts"))
    src = raw.get("source")
    if not isinstance(src, dict) or not src.get("document") or not src.get("clause"):
        problems.append(Problem(fname, eid, "source", "needs document and clause"))
    if eid != "?" and not _ID_SHAPE.match(eid):
        problems.append(
            Problem(fname, eid, "id", "use a-z, 0-9 and -, at most 60 characters (it goes in buttons)")
        )
    edition = str(raw.get("edition") or "")
    if edition and edition not in editions:
        problems.append(
            Problem(fname, eid, "edition", f"unknown edition {edition!r} (see editions.yaml)")
        )
    if len(problems) > bad:
        return None
    assert isinstance(src, dict)
    return Entry(
        id=eid.strip(),
        topic=topic,
        question=raw["question"].strip(),
        answer=_join_lines(raw["answer"]),
        source=Source(str(src["document"]), str(src["clause"]), str(src.get("law") or "")),
        edition=edition,
        edition_label=editions[edition],
        alternates=lists["alternates"] or (),
        keywords=lists["keywords"] or (),
        related=lists["related"] or (),
        requires=lists["requires"] or (),
        replaces=lists["replaces"] or (),
        file=fname,
    )


def _cross_check(entries: list[Entry], problems: list[Problem]) -> None:
    seen_ids: dict[str, Entry] = {}
    seen_questions: dict[str, Entry] = {}
    for e in entries:
        if e.id in seen_ids:
            problems.append(
                Problem(e.file, e.id, "id", f"duplicate id (also in {seen_ids[e.id].file})")
            )
        seen_ids[e.id] = e
        for q in e.questions:
            key = "".join(q.lower().split()).rstrip("?？")
            other = seen_questions.get(key)
            if other is not None and other.id != e.id:
                problems.append(
                    Problem(e.file, e.id, "questions", f"{q!r} is also a question of {other.id}")
                )
            elif other is e:
                problems.append(Problem(e.file, e.id, "questions", f"{q!r} is listed twice"))
            seen_questions[key] = e
    merged: dict[str, Entry] = {}
    for e in entries:
        for old in e.replaces:
            if old in seen_ids:
                problems.append(Problem(e.file, e.id, "replaces", f"{old!r} is still an entry"))
            elif old in merged:
                problems.append(
                    Problem(e.file, e.id, "replaces", f"{old!r} was merged into {merged[old].id} too")
                )
            merged[old] = e
    for e in entries:
        for rel in e.related:
            if rel in merged:
                problems.append(
                    Problem(e.file, e.id, "related", f"{rel!r} was merged into {merged[rel].id}")
                )
            elif rel not in seen_ids:
                problems.append(Problem(e.file, e.id, "related", f"no entry with id {rel!r}"))
            elif rel == e.id:
                problems.append(Problem(e.file, e.id, "related", "an entry cannot relate to itself"))


def load_knowledge_base(
    directory: Path | None = None, lexicon: Path = DEFAULT_LEXICON_DIR
) -> KnowledgeBase:
    """Load every `*.yaml` in the directory; raise KnowledgeBaseError listing all problems."""
    directory = directory or kb_dir()
    problems: list[Problem] = []
    editions = load_editions(lexicon)
    entries: list[Entry] = []
    files = sorted(directory.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(directory), "-", "-", "no knowledge-base files found"))
    for path in files:
        fname = path.name
        try:
            data = load_yaml(path)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(Problem(fname, "-", "-", f"not readable YAML/UTF-8: {exc}"))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            problems.append(Problem(fname, "-", "entries", "file needs a list of entries"))
            continue
        topic = str(data.get("topic") or "").strip()
        if not topic:
            problems.append(Problem(fname, "-", "topic", "required text is missing"))
            continue
        for raw in data["entries"]:
            entry = _parse_entry(raw, topic, fname, editions, problems)
            if entry is not None:
                entries.append(entry)
    _cross_check(entries, problems)
    if problems:
        raise KnowledgeBaseError(problems)
    return KnowledgeBase.of(entries)


def check(directory: Path | None = None) -> list[Problem]:
    """Every problem in the knowledge base, its lexicon and the hour rules; empty when all is well."""
    from knowledge.computation.requirements import RULES_FILE, Requirements
    from knowledge.computation.rewards import REWARDS_FILE, load_achievements
    from knowledge.scope import load_scope_rules
    from knowledge.segment import Segmenter  # the segmenter checks the dictionary itself

    try:
        kb = load_knowledge_base(directory)
    except KnowledgeBaseError as exc:
        return exc.problems
    from knowledge.announcements.topics import TOPICS_FILE, topic_problems

    problems = [Problem(f"rules/{TOPICS_FILE.name}", "-", p.split(": ", 1)[0], p.split(": ", 1)[1])
                for p in topic_problems()]
    for name, load in (
        ("lexicon/domain_dict.txt, synonyms.yaml, stopwords.txt", lambda: Segmenter.load(kb)),
        ("lexicon/out_of_scope.yaml", load_scope_rules),
        (f"rules/{RULES_FILE.name}", Requirements.load),
        (f"rules/{REWARDS_FILE.name}", load_achievements),
    ):
        try:
            load()
        except (ValueError, KeyError, TypeError, OSError, yaml.YAMLError) as exc:
            problems.append(Problem(name, "-", "-", f"failed to load: {exc}"))
    try:
        achievements = load_achievements()
    except (ValueError, KeyError, TypeError, OSError, yaml.YAMLError):
        achievements = ()  # reported above
    for item in achievements:  # the table and the entries it sums must say the same
        entry = kb.by_id.get(kb.current_id(item.entry))
        said = entry.answer.replace(" ", "") if entry else ""
        for kind, count in item.reward:
            if entry is not None and f"{kind}{count}次" not in said:
                problems.append(Problem(f"rules/{REWARDS_FILE.name}", item.label, "reward",
                                        f"{kind} {count} 次 is not what {entry.id} answers"))
    return problems
