"""Segment normalised questions into the tokens the matcher scores.

jieba's own dictionary is Simplified-centred: on Traditional text it splits even 申請 and 什麼
into characters. So a dedicated `jieba.Tokenizer` segments a character-by-character Simplified
copy of the text (OpenCC `t2s`), and the token offsets are used to cut the original Traditional
text. Our domain dictionary and every knowledge-base keyword are added in Simplified form too.
Synonyms are folded to one spelling before segmentation so 留停, 留職停薪 and "unpaid leave"
become the same token.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc
import platformdirs

from knowledge.model import DEFAULT_LEXICON_DIR, KnowledgeBase, load_yaml
from knowledge.normalise import normalise

# jieba imports pkg_resources only to open its own files, which costs ~0.2 s of start-up and a
# deprecation warning; hiding it for that one import makes jieba use its plain-file fallback.
_saved_pkg_resources = sys.modules.get("pkg_resources")
sys.modules["pkg_resources"] = None  # type: ignore[assignment]
try:
    import jieba
finally:
    if _saved_pkg_resources is None:
        del sys.modules["pkg_resources"]
    else:
        sys.modules["pkg_resources"] = _saved_pkg_resources

jieba.setLogLevel(logging.WARNING)

CUT_CACHE_VERSION = 9  # bump to drop every cut cache by hand; a change to the code below does it already
# The code that decides what a normalised or cut text is: a change to it makes every cache
# file built by older code stale without anyone having to remember to bump a number.
_READERS = ("normalise.py", "numerals.py", "segment.py")
CODE_SIGNATURE = hashlib.sha1(
    b"".join((Path(__file__).parent / name).read_bytes() for name in _READERS)
).hexdigest()[:16]
_LATIN = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Lexicon:
    """The hand-kept word lists in `knowledge/lexicon/`."""

    dictionary: Path
    synonyms: dict[str, str]  # variant -> canonical
    stopwords: frozenset[str]
    generic: frozenset[str] = frozenset()  # words that name no question on their own

    @classmethod
    def load(cls, directory: Path = DEFAULT_LEXICON_DIR) -> Lexicon:
        return cls(
            directory / "domain_dict.txt",
            _synonyms(directory),
            _word_list(directory / "stopwords.txt"),
            _word_list(directory / "generic_words.txt"),
        )


_SYNONYM_FILES = ("glossary.yaml", "synonyms.yaml")  # Taiwanese variants (the second) win a clash


def _synonyms(directory: Path) -> dict[str, str]:
    """Variant → canonical term, both normalised. Reading and normalising the glossary's
    eleven thousand wordings took about a fifth of a cold start, so the result is kept in the
    cache folder, keyed by the files' bytes and the code that normalises them."""
    digest = hashlib.sha1(CODE_SIGNATURE.encode() + opencc.__version__.encode())
    for name in _SYNONYM_FILES:
        digest.update((directory / name).read_bytes())
    path = cache_dir() / f"synonyms-{digest.hexdigest()[:16]}.marshal"
    cached = read_cache(path)
    if isinstance(cached, dict):
        return cached
    synonyms = _read_synonyms(directory)
    write_cache(path, synonyms)
    return synonyms


def _read_synonyms(directory: Path) -> dict[str, str]:
    synonyms: dict[str, str] = {}
    for name in _SYNONYM_FILES:
        raw = load_yaml(directory / name) or {}
        if not isinstance(raw, dict):
            raise ValueError(f"{name} must map a canonical term to a list of variants")
        for canonical, variants in raw.items():
            if not isinstance(variants, list):
                raise ValueError(f"{name}: {canonical!r} needs a list of variants")
            for variant in variants:
                # Variants are matched against normalised text, so normalise them alike
                # (OpenCC turns 平台 into 平臺; a raw variant would never match).
                synonyms[normalise(str(variant))] = normalise(str(canonical))
    return synonyms


def _word_list(path: Path) -> frozenset[str]:
    """Whitespace-separated words, `#` lines being comments."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(normalise(w) for w in line.split())
    return frozenset(words)


class TermFinder:
    """Finds the longest listed term at each place in a text, leftmost first.

    The glossary holds thousands of wordings. A regex of them (even written as a trie) took a
    tenth of a second or more to compile at every start; a dict of the terms and, for each
    first character, the lengths that terms starting with it have, is built in a millisecond
    and scans a question faster than the regex did (22 µs against 35 µs on the dev half).
    Latin terms match whole words only: "fine" inside "define", "5小時" inside "1.5小時" stay put.
    """

    _BEFORE_WORD = re.compile(r"[a-z0-9.]")

    def __init__(self, terms: Iterable[str]):
        self._terms = frozenset(t for t in terms if t)
        lengths: dict[str, set[int]] = {}
        for term in self._terms:
            lengths.setdefault(term[0], set()).add(len(term))
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}

    def sub(self, swap: Callable[[str], str], text: str) -> str:
        """The text with every term found replaced by `swap(term)`."""
        out: list[str] = []
        i = last = 0
        n = len(text)
        while i < n:
            found = self._at(text, i)
            if found:
                out += [text[last:i], swap(text[i:found])]
                i = last = found
            else:
                i += 1
        out.append(text[last:])
        return "".join(out)

    def _at(self, text: str, i: int) -> int:
        """Where the longest term starting at i ends (0: none starts there)."""
        lengths = self._lengths.get(text[i])
        if not lengths:
            return 0
        latin = _LATIN.match(text[i]) is not None
        if latin and i and self._BEFORE_WORD.match(text[i - 1]):
            return 0
        for length in lengths:
            end = i + length
            if end <= len(text) and text[i:end] in self._terms:
                if latin and end < len(text) and _LATIN.match(text[end]):
                    continue
                return end
        return 0


class Segmenter:
    """Folds synonyms, segments with jieba, and drops stopwords."""

    def __init__(self, lexicon: Lexicon, extra_words: list[str]):
        self.lexicon = lexicon
        self._t2s = opencc.OpenCC("t2s")
        canonical = set(lexicon.synonyms.values())
        domain = dict(_read_dictionary(lexicon.dictionary))
        for word in sorted(set(extra_words) | canonical):
            if len(word) > 1 and not word.isascii():
                domain.setdefault(word, 1000)
        self.domain_words = frozenset(domain)
        simplified = {self._t2s.convert(w): f for w, f in domain.items()}
        self._tokenizer = jieba.Tokenizer(str(_dictionary_file(simplified)))
        self._tokenizer.tmp_dir = str(cache_dir())
        self._tokenizer.initialize()
        # What a cut or a prepared text depends on: the merged dictionary, the synonyms and
        # the libraries that read them (HR editing synonyms.yaml gets a fresh cache).
        self._signature = hashlib.sha1(
            repr((sorted(simplified.items()), sorted(lexicon.synonyms.items()), jieba.__version__,
                  opencc.__version__, CUT_CACHE_VERSION, CODE_SIGNATURE)).encode()
        ).hexdigest()[:16]
        # The memo of an index build, per thread: a rebuild in a worker thread must not
        # remember (and write to disk) the questions users ask meanwhile on the event loop.
        self._local = threading.local()
        # Canonical terms match themselves, so 全民英檢 is not rewritten through its variant 英檢.
        self._terms = TermFinder(set(lexicon.synonyms) | {c.lower() for c in canonical})
        self._canonical = {c.lower(): c for c in canonical}

    @classmethod
    def load(cls, kb: KnowledgeBase, lexicon: Lexicon | None = None) -> Segmenter:
        keywords = [k for e in kb.entries for k in e.keywords]
        return cls(lexicon or Lexicon.load(), keywords)

    def fold_synonyms(self, text: str) -> str:
        """Replace every variant with its canonical term, surrounded by spaces."""

        def swap(found: str) -> str:
            return f" {self.lexicon.synonyms.get(found, self._canonical.get(found, found))} "

        return self._terms.sub(swap, text)

    def general_frequency(self, word: str) -> int:
        """How common a word is in jieba's dictionary (0 when it is no word there)."""
        return int(self._tokenizer.FREQ.get(self._t2s.convert(word), 0))

    @contextmanager
    def remembered(self, name: str) -> Iterator[None]:
        """Within the block, in this thread, cuts and prepared texts come from and go to a
        cache file kept for the next start.

        Building the index cuts the same few thousand phrasings at every start (half a second
        of a cold start); the file holds only what the last build under this name used, so it
        does not grow.
        """
        path = cache_dir() / f"cuts-{name}-{self._signature}.marshal"
        known = read_cache(path)
        if not isinstance(known, dict):
            known = {}
        used: dict[str, list[str]] = {}
        self._local.memo = (known, used)
        try:
            yield
        finally:
            self._local.memo = None
            if used.keys() != known.keys():
                write_cache(path, used)

    def _memo(self) -> tuple[dict[str, list[str]], dict[str, list[str]]] | None:
        memo: tuple[dict[str, list[str]], dict[str, list[str]]] | None = getattr(
            self._local, "memo", None
        )
        return memo

    def prepare(self, text: str) -> str:
        """Normalised with synonyms folded: how stored phrasings are read (remembered too)."""
        memo = self._memo()
        if memo is None:
            return self.fold_synonyms(normalise(text))
        known, used = memo
        key = f"prepared\0{text}"
        hit = known.get(key)
        done = hit[0] if hit else self.fold_synonyms(normalise(text))
        used[key] = [done]
        return done

    def _cut(self, text: str, mode: str) -> list[str]:
        memo = self._memo()
        if memo is None:
            return self._cut_now(text, mode)
        known, used = memo
        key = f"{mode}\0{text}"
        cut = known.get(key)
        if cut is None:
            cut = self._cut_now(text, mode)
        used[key] = cut
        return cut

    def _cut_now(self, text: str, mode: str) -> list[str]:
        simplified = self._t2s.convert(text)
        if len(simplified) != len(text):  # a phrase conversion changed length: no offsets
            return [w for w, _, _ in self._tokenizer.tokenize(text, mode=mode, HMM=False)]
        return [text[a:b] for _, a, b in self._tokenizer.tokenize(simplified, mode=mode, HMM=False)]

    def cut(self, text: str) -> list[str]:
        """The text cut into words, spaces and all: joined, they are the text again."""
        return self._cut(text, "default")

    def segment(self, text: str) -> list[str]:
        """Whole-word segmentation of normalised text (what a person would call the words)."""
        return [w for w in self._cut(text, "default") if w.strip()]

    def words(self, text: str, folded: bool = False) -> list[str]:
        """Whole content words: synonyms folded, stopwords dropped, no sub-word parts."""
        out = []
        for word in self._cut(text if folded else self.fold_synonyms(text), "default"):
            word = word.strip()
            if word and word not in self.lexicon.stopwords:
                out.append(word)
        return out

    def tokens(self, text: str, folded: bool = False) -> list[str]:
        """Tokens for scoring: synonyms folded, stopwords dropped, compounds plus their parts."""
        out: list[str] = []
        for word in self._cut(text if folded else self.fold_synonyms(text), "search"):
            word = word.strip()
            if word and word not in self.lexicon.stopwords:
                out.append(word)
        return out


def read_cache(path: Path) -> object:
    """What a cache file holds, or None when it is missing or unreadable."""
    try:
        return marshal.loads(path.read_bytes())  # noqa: S302 - our own cache file
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_cache(path: Path, value: dict[str, Any]) -> None:
    """Replace a cache file in one step (a reader never sees half of it); a read-only cache
    folder only costs the work again next time."""
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps(value))
        tmp.replace(path)
    except OSError:
        pass


def cache_dir() -> Path:
    path = Path(os.environ.get("TRAINBOT_CACHE_DIR") or platformdirs.user_cache_dir("trainbot"))
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def _dictionary_file(domain: dict[str, int]) -> Path:
    """jieba's general dictionary merged with ours, written once to the cache folder.

    jieba then keeps its own marshal cache of the merged prefix table, so a start costs one
    load instead of a load plus hundreds of `add_word` calls. (Trimming jieba's rare words
    would save ~35 MB, but measured on the development set it let out-of-scope words such as
    兼職 split into in-scope characters, and fewer off-topic questions were declined.)
    """
    general = Path(jieba.__file__).parent / "dict.txt"
    digest = hashlib.sha1(str(general.stat().st_size).encode())
    for word, freq in sorted(domain.items()):
        digest.update(f"{word} {freq}\n".encode())
    target = cache_dir() / f"dict-{digest.hexdigest()[:16]}.txt"
    if target.exists():
        return target
    lines = [f"{w} {f}" for w, f in sorted(domain.items())]
    with general.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[0] not in domain:
                lines.append(f"{parts[0]} {parts[1]}")
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(target)  # atomic: a concurrent start never reads half a file
    return target


def _read_dictionary(path: Path) -> list[tuple[str, int]]:
    """Lines of `word [freq [tag]]`, as jieba's user dictionaries are written."""
    words = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) > 1 and not parts[1].isdigit():
            raise ValueError(f"{path.name}:{number}: frequency must be a whole number")
        words.append((parts[0], int(parts[1]) if len(parts) > 1 else 1000))
    return words
