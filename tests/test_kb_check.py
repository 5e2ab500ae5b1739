import shutil
import textwrap

import pytest
import yaml

from bot.cli import main
from knowledge.check import check
from knowledge.model import DEFAULT_KB_DIR

GOOD = """
topic: 測試
entries:
  - id: a
    question: 第一題是什麼？
    keywords: [測試]
    answer: 1次。
    source: {document: 文件, clause: 第1條}
    edition: plan104
    related: [b]
  - id: b
    question: 第二題是什麼？
    answer: 2次。
    source: {document: 文件, clause: 第2條}
    edition: plan104
"""


@pytest.fixture
def kb_dir(tmp_path):
    (tmp_path / "one.yaml").write_text(textwrap.dedent(GOOD), encoding="utf-8")
    return tmp_path


def test_shipped_knowledge_base_passes(capsys):
    assert 0 == main(["kb", "check"])
    assert capsys.readouterr().out.startswith("ok: ")


def test_a_valid_directory_passes(kb_dir):
    assert [] == check(kb_dir)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("id: b", "id: a"), "one.yaml:a:id: duplicate id"),
        (("related: [b]", "related: [zzz]"), "one.yaml:a:related: no entry with id 'zzz'"),
        (("answer: 2次。", "answer: ''"), "one.yaml:b:answer: required text is missing"),
        (("edition: plan104\n    related", "edition: nope\n    related"), "one.yaml:a:edition: unknown edition"),
        (("第二題是什麼？", "第一題是什麼？"), "one.yaml:b:questions: '第一題是什麼？' is also a question of a"),
        (("    keywords: [測試]", "    alternates: [第一題是什麼]\n    keywords: [測試]"),
         "one.yaml:a:questions: '第一題是什麼' is listed twice"),
        (("{document: 文件, clause: 第2條}", "{document: 文件}"), "one.yaml:b:source: needs document and clause"),
        (("keywords: [測試]", "keywords: 測試"), "one.yaml:a:keywords: must be a list of texts"),
        (("id: b", "id: B 二"), "one.yaml:B 二:id: use a-z, 0-9 and -"),
        (("    related: [b]", "    related: [b]\n    replaces: [b]"), "one.yaml:a:replaces: 'b' is still an entry"),
        (("    related: [b]", "    related: [old]\n    replaces: [old]"), "one.yaml:a:related: 'old' was merged into a"),
    ],
)
def test_each_problem_is_reported_as_file_entry_field_reason(kb_dir, edit, expected, capsys):
    path = kb_dir / "one.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    problems = [str(p) for p in check(kb_dir)]
    assert any(p.startswith(expected) for p in problems), problems
    assert 1 == main(["--kb-dir", str(kb_dir), "kb", "check"])
    assert expected in capsys.readouterr().err


def test_unreadable_yaml_is_a_problem_not_a_crash(kb_dir):
    (kb_dir / "broken.yaml").write_text("entries: [\n  - id: x", encoding="utf-8")
    assert any(str(p).startswith("broken.yaml:-:-: not readable") for p in check(kb_dir))


def test_wrong_encoding_is_a_problem_not_a_crash(kb_dir):
    (kb_dir / "big5.yaml").write_bytes("topic: 測試\n".encode("big5"))
    assert any(str(p).startswith("big5.yaml") for p in check(kb_dir))


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    shutil.copytree(DEFAULT_KB_DIR, tmp_path / "kb")
    target = tmp_path / "kb" / "rewards.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("related: [reward-english-test,", "related: [missing-1,", 1)
    text = text.replace("edition: plan104", "edition: 2099", 1)
    target.write_text(text, encoding="utf-8")
    assert len(check(tmp_path / "kb")) >= 2


def test_a_broken_rules_file_is_reported(tmp_path, monkeypatch):
    import knowledge.computation.requirements as requirements

    bad = tmp_path / "hour_requirements.yaml"
    bad.write_text("rule_sets:\n  x: {label: X, minimums: {烹飪: 3}}\nyears: {default: x}\n", encoding="utf-8")
    monkeypatch.setattr(requirements, "RULES_FILE", bad)
    problems = [str(p) for p in check()]
    assert any("hour_requirements.yaml" in p and "unknown categories" in p for p in problems)


def test_a_glossary_term_listed_twice_is_refused_not_half_lost(tmp_path):
    # YAML keeps only the last list of a repeated key; the first list's wordings would vanish.
    # Every YAML file is read this way, the entries' files too.
    from knowledge.model import DEFAULT_LEXICON_DIR
    from knowledge.segment import Lexicon

    lexicon = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, lexicon)
    glossary = lexicon / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n合辦: [joint venture]\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="'合辦' is listed more than once"):
        Lexicon.load(lexicon)
    assert "co-organise" in Lexicon.load(DEFAULT_LEXICON_DIR).synonyms  # the shipped one is whole


def test_a_broken_rewards_file_is_reported(tmp_path, monkeypatch):
    import knowledge.computation.rewards as rewards

    bad = tmp_path / "rewards.yaml"
    bad.write_text("achievements:\n  - {entry: reward-x, label: X, names: [x], reward: {獎金: 1}}\n", encoding="utf-8")
    monkeypatch.setattr(rewards, "REWARDS_FILE", bad)
    monkeypatch.setattr(rewards.load_achievements, "__defaults__", (bad,))
    problems = [str(p) for p in check()]
    assert any("rewards.yaml" in p and "嘉獎" in p for p in problems), problems


def test_a_reward_in_the_table_must_match_its_entrys_answer(tmp_path, monkeypatch):
    import knowledge.computation.rewards as rewards

    table = rewards.REWARDS_FILE.read_text(encoding="utf-8").replace("reward: {嘉獎: 2}", "reward: {嘉獎: 3}", 1)
    edited = tmp_path / "rewards.yaml"
    edited.write_text(table, encoding="utf-8")
    monkeypatch.setattr(rewards.load_achievements, "__defaults__", (edited,))
    problems = [str(p) for p in check()]
    assert any("rewards.yaml:全民英檢中級:reward: 嘉獎 3 次" in p for p in problems), problems
