"""The index build remembers its cuts between starts; a stale cache must never be read."""

from __future__ import annotations

from dataclasses import replace

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
    (cache,) = tmp_path.glob("cuts-index-*.marshal")
    restarted = Segmenter(lexicon, [])
    with restarted.remembered("index"):
        again = [restarted.tokens(restarted.prepare(p), folded=True) for p in PHRASINGS]
    assert expected == again
    assert [cache] == list(tmp_path.glob("cuts-index-*.marshal"))  # read, not rebuilt


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
