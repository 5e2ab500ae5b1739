"""Learning from use below Telegram: the YAML edit and its rollback, the keep rule, the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from bot.cli import main
from bot.storage import Storage
from bot.storage.learning import kept
from handlers.services import QuestionRecord
from knowledge.check import check, load_knowledge_base
from knowledge.curation import learning
from knowledge.curation.kb_edit import EditError, append_alternate
from knowledge.model import DEFAULT_KB_DIR
from knowledge.results import Answer, Fallback

NEW = "讀冊的所費公家敢有貼"  # Taiwanese wording: falls back today; subsidy-items is what the user meant


@pytest.fixture
def kb(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(DEFAULT_KB_DIR, folder)
    return folder


def test_append_keeps_the_rest_of_the_file_and_the_engine_answers_it(engine, kb):
    path = kb / "subsidies.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    assert isinstance(engine.ask(NEW), Fallback)
    append_alternate("subsidy-items", NEW, kb)
    after = path.read_text(encoding="utf-8").splitlines()
    assert 1 == len(after) - len(before)
    added = [line for line in after if line not in before]
    assert [f"      - {NEW}"] == added
    assert NEW in load_knowledge_base(kb).by_id["subsidy-items"].alternates
    result = learning.reload(engine, kb).ask(NEW)
    assert isinstance(result, Answer) and "subsidy-items" == result.entry_id
    assert [] == check(kb)


def test_append_to_a_flow_list_and_quote_what_yaml_would_misread(kb):
    append_alternate("plan-goals", "goals: of the plan?", kb)
    assert "goals: of the plan?" in load_knowledge_base(kb).by_id["plan-goals"].alternates


def test_a_phrasing_that_fails_kb_check_is_rolled_back(kb):
    path = kb / "subsidies.yaml"
    original = path.read_bytes()
    other = load_knowledge_base(kb).by_id["subsidy-who"].question  # another entry's question
    with pytest.raises(EditError) as caught:
        append_alternate("subsidy-items", other, kb)
    assert caught.value.problems
    assert original == path.read_bytes()


def test_flags_name_the_entry_a_phrasing_leans_towards(engine):
    assert ("clarifies", "subsidy-who") == (
        learning.assess(engine, "subsidy-items", "補助")[0].kind,
        learning.assess(engine, "subsidy-items", "補助")[0].other,
    )
    close = learning.assess(engine, "subsidy-items", "哪些進修可以申請補助呢")
    assert "close" in {f.kind for f in close}
    assert () == learning.assess(engine, "subsidy-items", NEW)


NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("expected", "vote", "answered_min_ago", "next_after_min"),
    [
        (True, 1, 0, None),  # 👍 keeps at once
        (False, 0, 60, None),  # 👎 never
        (False, None, 1, None),  # too early to tell
        (True, None, 10, None),  # quiet since
        (False, None, 10, 1),  # asked again a minute later
        (True, None, 10, 5),  # asked something else much later
    ],
)
def test_an_answer_is_kept_by_thumbs_up_or_silence(expected, vote, answered_min_ago,
                                                   next_after_min):
    answered = NOW - dt.timedelta(minutes=answered_min_ago)
    following = (answered + dt.timedelta(minutes=next_after_min)).isoformat() \
        if next_after_min is not None else None
    assert expected == kept(vote, answered.isoformat(), following, NOW)


def _log(storage: Storage, text: str, outcome: str, entry: str | None = None,
         reason: str = "", choices: tuple[str, ...] = (), user: int = 42) -> int:
    return storage.log_question(QuestionRecord(
        user_id=user, chat_type="private", text=text, normalised=text, outcome=outcome,
        reason=reason, entry_id=entry, score=0.5, latency_ms=1.0, answer="", choices=choices))


def test_a_rephrasing_after_a_miss_becomes_a_suggestion_once_kept(tmp_path):
    with Storage.open(tmp_path / "db.sqlite3") as storage:
        _log(storage, NEW, "fallback", reason="no-match")
        answer = _log(storage, "學雜費能不能報", "answer", "subsidy-items")
        storage.note_answer(answer)
        assert [] == storage.open_suggestions()  # not yet kept
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        (s,) = storage.open_suggestions(now=later)
        assert (NEW, "subsidy-items", 1, 0) == (s.text, s.entry_id, s.users, s.against)
        # another user's miss does not pair with this user's answer
        _log(storage, "留停可以多久", "fallback", reason="no-match", user=7)
        storage.note_answer(_log(storage, "公假幾小時", "answer", "study-partial-hours"))
        assert 1 == storage.db.table("learned_pairs").count
        # ... but this user asking again at once means the first answer was not kept
        assert [] == storage.open_suggestions(now=later)


def test_cli_lists_and_approves_and_a_second_approval_finds_nothing(tmp_path, kb, monkeypatch,
                                                                    capsys):
    db = tmp_path / "db.sqlite3"
    with Storage.open(db) as storage:
        _log(storage, NEW, "fallback", reason="no-match")
        answer = _log(storage, "學雜費能不能報", "answer", "subsidy-items")
        storage.note_answer(answer)
        storage.record_feedback(answer, 42, True)
    monkeypatch.setenv("TRAINBOT_DB", str(db))
    assert 0 == main(["--kb-dir", str(kb), "kb", "suggest"])
    out = capsys.readouterr().out
    assert f"#1「{NEW}」" in out and "subsidy-items" in out and "1 人採用" in out
    assert 0 == main(["--kb-dir", str(kb), "kb", "suggest", "approve", "1"])
    assert "已核准 #1" in capsys.readouterr().out
    assert NEW in load_knowledge_base(kb).by_id["subsidy-items"].alternates
    assert 1 == main(["--kb-dir", str(kb), "kb", "suggest", "approve", "1"])
    assert "找不到待審的第 1 則" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        actions = conn.execute("SELECT action, target FROM audit").fetchall()
    assert [("suggestion-approve", "1")] == actions


def _kept_suggestion(db) -> None:
    with Storage.open(db) as storage:
        _log(storage, NEW, "fallback", reason="no-match")
        answer = _log(storage, "學雜費能不能報", "answer", "subsidy-items")
        storage.note_answer(answer)
        storage.record_feedback(answer, 42, True)
        assert [1] == [s.id for s in storage.open_suggestions()]  # listing numbers it


def test_approval_is_refused_when_it_would_break_another_entry(tmp_path, kb, engine,
                                                               monkeypatch):
    from bot.learning_desk import LearningDesk

    db = tmp_path / "db.sqlite3"
    _kept_suggestion(db)
    broken = (learning.Flag("breaks", "subsidy-who", "哪些進修可以申請補助？"),)
    monkeypatch.setattr(learning, "breaks", lambda *_: broken)
    before = {p.name: p.read_bytes() for p in kb.glob("*.yaml")}
    with Storage.open(db) as storage:
        decision = LearningDesk(storage, lambda: engine, kb).decide(1, True, "cli:hr")
        assert ("refused", broken) == (decision.outcome, decision.flags)
        assert "open" == storage.suggestion(1)[2]
        assert [] == storage.audit_log()
    assert before == {p.name: p.read_bytes() for p in kb.glob("*.yaml")}


def test_the_running_bot_reloads_an_edited_base_and_keeps_the_last_good_one(engine, kb):
    from bot.kb_watch import KbWatch

    current = [engine]
    watch = KbWatch(kb, lambda: current[0], current.append)
    assert not watch.check()  # nothing changed
    append_alternate("subsidy-items", NEW, kb)  # as `trainbot kb suggest approve` does
    assert watch.check()
    result = current[-1].ask(NEW)
    assert isinstance(result, Answer) and "subsidy-items" == result.entry_id
    (kb / "subsidies.yaml").write_text("entries: [", encoding="utf-8")  # a broken hand edit
    assert not watch.check()
    assert 2 == len(current)


def test_learning_kept_under_a_merged_entry_follows_it(tmp_path):
    # A pair learnt, and a wording HR rejected, under an id later merged into another entry.
    with Storage.open(tmp_path / "db.sqlite3") as storage:
        _log(storage, NEW, "fallback", reason="no-match")
        storage.note_answer(_log(storage, "首長進修找誰批", "answer", "old-head-approval"))
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        (s,) = storage.open_suggestions(now=later)
        storage.decide_suggestion(s.id, False, "hr")
        assert storage.follow_merged_entries({"old-head-approval": "study-partial-approval"}) >= 2
        assert {"study-partial-approval"} == {
            r["entry_id"] for r in storage.db.query("SELECT entry_id FROM learned_pairs")}
        assert [] == storage.open_suggestions(now=later)  # still rejected under the new id
        assert "rejected" == storage.suggestion(s.id)[2]
