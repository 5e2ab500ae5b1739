"""Add an approved phrasing to an entry's `alternates:` in its YAML file, and keep it only if
the whole knowledge base still passes the loader and `kb check`.

The file is edited as text, not re-dumped from YAML: HR's comments, key order, folded answers
and flow lists elsewhere stay exactly as they were; only one list item is inserted.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import yaml

from knowledge.check import check, load_knowledge_base
from knowledge.model import kb_dir
from knowledge.normalise import normalise

MAX_PHRASING = 200  # characters; a phrasing is a question, not a paragraph
_LOCK = threading.Lock()  # one edit at a time within a process
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EditError(Exception):
    """The phrasing was not written (or was rolled back); `reason` says why, in English."""

    def __init__(self, reason: str, problems: tuple[str, ...] = ()):
        self.reason = reason
        self.problems = problems
        super().__init__(reason + "".join(f"\n{p}" for p in problems))


def clean_phrasing(text: str) -> str:
    """One line, no control characters, trimmed: what may be written to the file."""
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_PHRASING]


def same_wording(a: str, b: str) -> bool:
    """Equal once normalised (width, script, case, punctuation and spaces ignored)."""
    return normalise(a).replace(" ", "") == normalise(b).replace(" ", "")


def _scalar(text: str) -> str:
    """The phrasing as a YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"- {text}") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _inserted(lines: list[str], entry_id: str, phrasing: str) -> list[str]:
    """The file's lines with the phrasing added to this entry's alternates."""
    start = next(
        (i for i, line in enumerate(lines)
         if re.fullmatch(rf"\s*-\s+id:\s*['\"]?{re.escape(entry_id)}['\"]?\s*", line)),
        None,
    )
    if start is None:
        raise EditError(f"entry {entry_id!r} not found in its file")
    item_indent = len(lines[start]) - len(lines[start].lstrip())
    key_indent = lines[start].index("id:")
    end = next(
        (i for i in range(start + 1, len(lines))
         if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= item_indent),
        len(lines),
    )
    value = _scalar(phrasing)
    for i in range(start + 1, end):
        line = lines[i]
        if not re.match(rf"^ {{{key_indent}}}alternates:", line):
            continue
        rest = line.split(":", 1)[1].strip()
        if rest.startswith("[") and rest.endswith("]"):  # flow list on one line
            inner = rest[1:-1].strip()
            joined = f"{inner}, {json.dumps(phrasing, ensure_ascii=False)}" if inner else (
                json.dumps(phrasing, ensure_ascii=False))
            return [*lines[:i], f"{line.split(':', 1)[0]}: [{joined}]", *lines[i + 1:]]
        if rest:
            raise EditError("alternates is not a list this tool can extend")
        last, item = i, f"{' ' * (key_indent + 2)}- {value}"
        for j in range(i + 1, end):
            stripped = lines[j].lstrip()
            depth = len(lines[j]) - len(stripped)
            if stripped.startswith("- ") and depth > key_indent:
                last, item = j, f"{' ' * depth}- {value}"
            elif stripped and depth <= key_indent:
                break
        return [*lines[: last + 1], item, *lines[last + 1:]]
    question = next(
        (i for i in range(start, end) if re.match(rf"^ {{{key_indent}}}question:", lines[i])
         or re.match(r"^\s*-\s+question:", lines[i])),
        start,
    )
    block = [f"{' ' * key_indent}alternates:", f"{' ' * (key_indent + 2)}- {value}"]
    return [*lines[: question + 1], *block, *lines[question + 1:]]


def append_alternate(entry_id: str, phrasing: str, directory: Path | None = None) -> Path:
    """Write the phrasing into the entry's file; roll the file back unless the base still
    loads, `kb check` finds nothing and the entry now carries the phrasing. Returns the file."""
    directory = directory or kb_dir()
    phrasing = clean_phrasing(phrasing)
    if not phrasing:
        raise EditError("empty phrasing")
    with _LOCK:
        kb = load_knowledge_base(directory)
        entry = kb.by_id.get(entry_id)
        if entry is None:
            raise EditError(f"no entry {entry_id!r}")
        if any(same_wording(phrasing, q) for q in entry.questions):
            raise EditError("already a phrasing of this entry")
        path = directory / entry.file
        original = path.read_bytes()
        text = original.decode("utf-8")
        lines = _inserted(text.splitlines(), entry_id, phrasing)
        _write(path, "\n".join(lines) + ("\n" if text.endswith("\n") else ""))
        problems = [str(p) for p in check(directory)]
        if not problems:
            edited = load_knowledge_base(directory).by_id.get(entry_id)
            if edited is None or phrasing not in edited.alternates:
                problems.append(f"{entry.file}:{entry_id}:alternates: phrasing not read back")
        if problems:
            _write_bytes(path, original)
            raise EditError("the knowledge base would not pass kb check", tuple(problems))
        return path


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    """Replace the file in one step, so a running bot never reads half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
