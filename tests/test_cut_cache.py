"""The index build remembers its cuts between starts; a stale cache must never be read."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace

import pytest

from knowledge import segment
from knowledge.model import DEFAULT_LEXICON_DIR
from knowledge.segment import Lexicon, Segmenter

PHRASINGS = ["留職停薪進修最長多久", "帶薪脫產進修回來要服務多少年", "paid study leave 要服務多久"]


def test_remembered_cuts_are_the_cuts_and_survive_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINBOT_CACHE_DIR", str(tmp_path))
    lexicon = Lexicon.load()
    plain = Segmenter(lexicon, [])
    expected = [plain.tokens(plain.prepare(p), folded=True) for p in PHRASINGS]
    with plain.remembered("index"):
        first = [plain.tokens(plain.prepare(p), folded=True) for p in PHRASINGS]
    assert expected == first
    assert 1 == len(list(tmp_path.glob("cuts-index-*.marshal")))
    restarted = Segmenter(lexicon, [])

    def no_cutting(text: str, mode: str) -> list[str]:
        raise AssertionError(f"cut again: {text!r}")

    monkeypatch.setattr(restarted, "_cut_now", no_cutting)
    with restarted.remembered("index"):  # everything comes from the file
        again = [restarted.tokens(restarted.prepare(p), folded=True) for p in PHRASINGS]
    assert expected == again
    with pytest.raises(AssertionError):  # outside the block nothing is remembered
        restarted.tokens("留職停薪進修最長多久", folded=True)


def test_a_question_asked_in_another_thread_during_a_build_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINBOT_CACHE_DIR", str(tmp_path))
    seg = Segmenter(Lexicon.load(), [])
    with seg.remembered("index"):
        seg.tokens(seg.prepare(PHRASINGS[0]), folded=True)
        other = threading.Thread(target=lambda: seg.tokens("我的電話是0912345678", folded=True))
        other.start()
        other.join()
    (cache,) = tmp_path.glob("cuts-index-*.marshal")
    assert "0912345678" not in cache.read_bytes().decode("utf-8", "replace")


def test_an_edited_synonym_list_gets_its_own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINBOT_CACHE_DIR", str(tmp_path))
    lexicon = Lexicon.load()
    edited = replace(lexicon, synonyms={**lexicon.synonyms, "脫產": "留職停薪"})
    for lex in (lexicon, edited):
        seg = Segmenter(lex, [])
        with seg.remembered("index"):
            seg.prepare("我想脫產")
    assert 2 == len(list(tmp_path.glob("cuts-index-*.marshal")))
    seg = Segmenter(edited, [])
    with seg.remembered("index"):
        assert "留職停薪" in seg.prepare("我想脫產")  # the edit shows at once


def test_the_normalised_synonyms_are_kept_and_an_edited_file_is_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINBOT_CACHE_DIR", str(tmp_path / "cache"))
    lexicon_dir = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, lexicon_dir)
    first = Lexicon.load(lexicon_dir)
    assert 1 == len(list((tmp_path / "cache").glob("synonyms-*.marshal")))

    def no_reading(directory):
        raise AssertionError("read and normalised again")

    with monkeypatch.context() as patched:
        patched.setattr(segment, "_read_synonyms", no_reading)
        assert first.synonyms == Lexicon.load(lexicon_dir).synonyms  # read back from the cache
    synonyms = lexicon_dir / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + "公差: [出公差假]\n", encoding="utf-8")
    assert "公差" == Lexicon.load(lexicon_dir).synonyms["出公差假"]  # the edit shows at once
