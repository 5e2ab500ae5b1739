"""The retrieval stages on their own: clauses, homophones, BM25F, follow-ups, several questions."""

from dataclasses import replace

import pytest

from knowledge.followup import RecentQuestions, is_followup, merge
from knowledge.results import Answer, Clarify
from knowledge.retrieval.bm25f import BM25F, Field
from knowledge.retrieval.clauses import questions_in, split_clauses, weighted_clauses
from knowledge.retrieval.phonetic import sound_key


def test_a_long_story_weighs_its_asking_clause_in_full_and_the_rest_little():
    weights = dict(weighted_clauses("我在區公所上班三年了。主管很支持大家念書。部分辦公時間進修一週可以請幾小時公假？"))
    assert weights["部分辦公時間進修一週可以請幾小時公假？"] == 1.0
    assert weights["我在區公所上班三年了。"] < 0.5


def test_english_sentences_are_split_at_full_stops_and_a_statement_does_not_ask():
    weights = dict(weighted_clauses(
        "I have worked at the water resources department for nine years and my kids are in "
        "middle school now. My course is 3 hours a week. How many hours of official leave "
        "can I get per week?"
    ))
    assert weights["How many hours of official leave can I get per week?"] == 1.0
    assert weights["I have worked at the water resources department for nine years and my kids "
                   "are in middle school now."] < 0.5
    assert 1 == len(questions_in("My course is 3.5 hours a week. Is that within the limit?"))
    # A title is no full stop, and "May" before a year is no question.
    assert ["Dr. Lin told me I could study abroad.", "How long can it be?"] == [
        c.text for c in split_clauses("Dr. Lin told me I could study abroad. How long can it be?")]
    assert 1 == len(questions_in("May 2024 I began a part-time master's. Is that ok?"))


def test_a_phone_typists_spaces_separate_the_story_from_the_question():
    weights = dict(weighted_clauses(
        "我在消防局做後勤快十年了 平常都在管倉庫 同事說有一種下班去讀的可以補助 真的可以申請嗎 要找誰"))
    assert weights["真的可以申請嗎，"] == 1.0
    assert weights["我在消防局做後勤快十年了，"] < 0.5
    # An English phrase keeps its spaces.
    assert ["I want to study after work"] == [c.text for c in split_clauses("I want to study after work")]


def test_a_condition_stays_with_its_question():
    assert ["帶薪進修8個月，要服務多久？"] == questions_in("帶薪進修8個月，要服務多久？")
    assert 2 == len(questions_in("補助可以補哪些費用？成績要幾分才算優良？"))


def test_homophones_share_a_sound_key_and_other_words_do_not():
    assert sound_key("終生學習") == sound_key("終身學習")  # ㄕㄥ / ㄕㄣ folded
    assert sound_key("公家") == sound_key("公假")
    assert sound_key("進修") != sound_key("進度")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("留值停薪進修最長可以多久", "study-unpaid-leave"), ("數味學習一年最少幾小時", "hours-digital")],
)
def test_a_typed_homophone_lands_on_the_word_it_sounds_like(engine, typed, meant):
    result = engine.ask(typed)
    assert isinstance(result, Answer) and meant == result.entry_id


def test_of_two_terms_that_sound_alike_the_one_the_base_uses_far_more_is_meant(engine):
    # 終聲 sounds like 終身 and the variant 終生, which no entry uses.
    assert "學習時數" in engine.understand("終聲學習時數").folded
    # 薦任 and 簡任 are both in use; 不足 is an everyday word beside 補助: such sounds stay as typed.
    assert engine.understand("建任九職等").normalised == "建任9職等"
    assert "補助" not in engine.understand("我的時數部足").folded


def test_the_speller_leaves_real_words_and_question_words_alone(engine):
    assert "公家機關" in engine.understand("公家機關的人可以進修嗎").normalised
    assert "上幾小時" in engine.understand("一年要上幾小時").normalised


def test_a_long_term_mistyped_in_one_function_character_is_corrected(engine):
    # 于 (read as 於, a function character) in 環境教于: the three other characters say 教育.
    assert "環境教育" in engine.understand("環境教于要上幾小時").normalised
    # 時數 itself is a term the speller may land on: 時術, 時樹
    assert "學習時數" in engine.understand("數位學習時術最少要幾小時").normalised


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("我是護理師，選送進修回來要服務多久", "護理師"),  # 護理 ends inside 理師 (≈ 歷史)
        ("進修人員如於應服務期間離職要賠償嗎", "於應服務"),  # a function character, not 育嬰
        ("第二期中階主管班", "第2期"),  # an ordinal, not 底
        ("他昨晚被送急診，研習缺課要補嗎", "急診"),  # a rare word is still a word
        ("我年輕時沒機會念大學，現在可以進修嗎", "年輕時"),
    ],
)
def test_the_speller_leaves_words_that_only_sound_like_a_term(engine, typed, kept):
    assert kept in engine.understand(typed).normalised


def test_bm25f_counts_a_heavier_field_more_and_saturates_repeats():
    docs = [{"title": ["公假"], "body": []}, {"title": [], "body": ["公假"]}, {"title": [], "body": ["公假"] * 9}]
    index = BM25F(docs, [Field("title", 2.0, 0.0), Field("body", 1.0, 0.0)])
    scores = index.scores({"公假": 1.0})
    assert scores[0] > scores[1] and scores[2] > scores[1]
    assert scores[2] < 9 * scores[1]


def test_a_fact_stated_only_in_an_answer_is_found(engine):
    result = engine.ask("成績單和繳費收據要一起附上嗎")
    assert isinstance(result, Answer) and "subsidy-deadline" == result.entry_id


def test_english_reaches_entries_through_the_glossary(engine):
    result = engine.ask("Does my agency have to approve before I start a part-time degree during office hours?")
    offered = result.suggestions if isinstance(result, Clarify) else ()
    reached = {s.entry_id for s in offered} | set(getattr(result, "entry_ids", ()))
    assert "study-partial-approval" in reached


def test_two_questions_in_one_message_get_both_answers(engine):
    result = engine.ask("公餘進修補助一學期最多多少錢？出國進修要什麼外語能力？")
    assert isinstance(result, Answer)
    assert {"subsidy-cap-after-hours", "abroad-language"} == set(result.entry_ids)
    assert result.text.startswith("1. ") and "\n\n2. " in result.text


def test_a_short_second_question_is_read_with_the_first_as_context(engine):
    # 申請要附什麼 alone is only a subject; after the subsidy question it asks about the
    # subsidy's papers. 沒交的話要賠什麼 alone could be about the report itself, but the message
    # has asked about the report already: the second question asks something new.
    result = engine.ask("選送進修報告要幾個月內交？沒交的話要賠什麼？")
    assert isinstance(result, Answer) and {"study-report", "repayment"} == set(result.entry_ids)
    # Whether the second part is then sure enough to answer is the fitted confidence's call;
    # answered or offered, it is the subsidy's papers.
    result = engine.ask("在職專班補助每學期最高多少？申請要附什麼？")
    assert isinstance(result, Answer) and "subsidy-cap-after-hours" == result.entry_id
    reached = set(result.entry_ids) | {s.entry_id for s in result.related}
    assert "subsidy-deadline" in reached


def test_a_second_question_that_leans_on_the_first_is_read_with_it(engine):
    result = engine.ask("性別主流化一年要上幾小時？那環境教育呢？")
    assert isinstance(result, Answer) and "hours-gender" == result.entry_id
    # The second part is read as 環境教育一年要上幾小時 (whether it is then sure enough to
    # answer is the fitted confidence's call): its best reading is the environment entry.
    first, second = (engine.understand(p) for p in ("性別主流化一年要上幾小時？", "那環境教育呢？"))
    assert is_followup(second.normalised)
    merged = merge(first.folded, second.folded, engine.facets)
    ranked = engine.ranker.rank(engine.ranker.query([(merged, 1.0)]))
    assert "hours-environment" == ranked[0].entry.id


def test_a_follow_up_reads_the_previous_question(engine):
    first, seen = engine.ask_traced("帶職帶薪進修10個月回來要服務多久")
    assert first.text.startswith("20 個月")
    assert is_followup(engine.understand("那留職停薪呢？").normalised)
    again = engine.ask("那留職停薪呢？", previous=seen.folded)
    assert isinstance(again, Answer) and again.text.startswith("10 個月")
    shorter = engine.ask("如果只讀2個月呢", previous=seen.folded)
    assert shorter.text.startswith("6 個月")


def test_a_full_question_starts_afresh(engine):
    _, seen = engine.ask_traced("帶職帶薪進修10個月回來要服務多久")
    result = engine.ask("部分辦公時間進修每週公假上限幾小時", previous=seen.folded)
    assert isinstance(result, Answer) and "study-partial-hours" == result.entry_id


def test_recent_questions_expire_after_ten_minutes():
    recent = RecentQuestions()
    recent.remember(7, "留職停薪 進修", now=0.0)
    assert "留職停薪 進修" == recent.recall(7, now=599.0)
    assert recent.recall(7, now=601.0) is None
    assert recent.recall(8, now=1.0) is None


def test_a_narrow_entry_does_not_answer_a_general_question(engine):
    result = engine.ask("每年學習時數要上多少")
    assert not (isinstance(result, Answer) and result.entry_id == "hours-history")


def test_clarifying_always_offers_at_least_two_choices(engine):
    clarified = 0
    for question in ("補助", "時數", "公假", "進修", "英語", "服務義務"):
        result = engine.ask(question)
        if isinstance(result, Clarify):
            clarified += 1
            assert len(result.suggestions) >= 2, question
    assert clarified >= 3  # lone subject words do get choices


def test_a_reading_with_no_close_rival_is_answered_not_offered_alone(engine, monkeypatch):
    # Thresholds set so that nothing is answered outright: only the lone-reading rule answers.
    fitted = engine.confidence
    monkeypatch.setattr(engine, "confidence", replace(fitted, answer_at=1.0, lone_at=0.0, clarify_at=0.0))
    clear = engine.ask("上班時間去修課每星期公假最多幾個鐘頭")
    assert isinstance(clear, Answer) and "study-partial-hours" == clear.entry_id
    close = engine.ask("進修的種類跟方式有哪些")  # two entries answer nearly the same question
    assert isinstance(close, Clarify) and {"study-modes", "study-kinds"} <= {s.entry_id for s in close.suggestions}
    monkeypatch.setattr(engine, "confidence", replace(fitted, answer_at=1.0, lone_at=1.0, clarify_at=0.0))
    declined = engine.ask("上班時間去修課每星期公假最多幾個鐘頭")
    assert not isinstance(declined, Answer | Clarify)  # one choice is no choice: it declines


def test_a_later_question_read_in_context_has_its_own_threshold(engine, monkeypatch):
    # 讀完回來要服務多久 alone could be any service rule; after the unpaid-leave question it asks
    # about that one's service. Whether that reading is answered is part_at's call, not answer_at's.
    question = "留停進修最多可以幾年？讀完回來要服務多久？"
    fitted = engine.confidence
    monkeypatch.setattr(engine, "confidence", replace(fitted, part_at=1.0))
    offered = engine.ask(question)
    assert isinstance(offered, Answer) and ("study-unpaid-leave",) == offered.entry_ids
    assert "service-after-unpaid-study" in {s.entry_id for s in offered.related}
    monkeypatch.setattr(engine, "confidence", replace(fitted, part_at=0.5))
    both = engine.ask(question)
    assert isinstance(both, Answer)
    assert {"study-unpaid-leave", "service-after-unpaid-study"} == set(both.entry_ids)


def test_two_english_questions_joined_by_and_are_both_asked():
    two = "If my office sends me on a full-time degree, do I keep my salary, and how long must I serve afterwards?"
    assert 2 == len(questions_in(two))
    # a statement before ", and what …" is no first question; nor is a Chinese comma split here
    assert 1 == len(questions_in("My boss agreed to my request, and what now?"))
    assert 1 == len(questions_in("I already finished 30 hours, and how many more do I need?"))


def test_a_later_question_that_points_back_is_not_answered_alone(engine):
    # "who has to sign off on that?" alone is the selection's approval; here "that" is the
    # extension of unpaid study leave, so that approval must not be answered.
    result = engine.ask("Can the unpaid study leave be stretched past the first year? Who has to sign off on that?")
    named = set(getattr(result, "entry_ids", ()))
    assert "study-selection-approval" not in named
    alone = engine.ask("who has to sign off on that?")
    assert isinstance(alone, Answer) and "study-selection-approval" == alone.entry_id  # the trap is real


def test_a_second_full_question_is_not_swallowed_by_the_first(engine):
    # 還有…… looks like a follow-up, but read with the first question it only repeats it.
    result = engine.ask("環境教育每年要上幾小時？還有，人事處自己辦哪些訓練？")
    assert isinstance(result, Answer)
    assert {"hours-environment", "who-runs-training"} == set(result.entry_ids)


def test_an_entry_merged_into_another_is_found_under_its_old_id(engine):
    # A button or a record from before the merge still reaches the entry it became.
    merged = engine.entry("environment-education-rules")
    assert merged is not None and "hours-environment" == merged.id
    assert engine.entry("no-such-entry") is None


def test_a_bare_question_takes_the_sentence_before_it_in_full():
    story = "我先生在外商上班，家裡小孩剛上小學，每天接送很累。我打算自己申請留職停薪去讀全職的碩士班。這樣可以嗎？"
    weights = dict(weighted_clauses(story))
    assert 1.0 == weights["我打算自己申請留職停薪去讀全職的碩士班。"]
    assert weights["我先生在外商上班，家裡小孩剛上小學，每天接送很累。"] < 1.0


def test_a_computation_of_the_whole_message_keeps_the_other_question(engine):
    result = engine.ask("預算員額六十人。今年最多幾人可以進修？被選送要經過什麼程序？")
    assert isinstance(result, Answer) and result.computed
    assert {"study-quota", "study-selection-approval"} <= set(result.entry_ids)


def test_a_part_already_answered_is_not_given_a_second_wrong_answer(engine):
    # The merged entry answers both: who approves, and the agency head's own case.
    result = engine.ask("部分辦公時間進修要誰核准？局長自己要進修呢？")
    assert isinstance(result, Answer) and ("study-partial-approval",) == result.entry_ids
