import pytest

from knowledge.results import Answer


def ask(engine, question) -> Answer:
    result = engine.ask(question)
    assert isinstance(result, Answer), result
    assert result.computed, result
    return result


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("帶職帶薪全時進修8個月，回來要服務多久？", "16 個月"),
        ("I studied 8 months on full pay, how long must I serve?", "16 個月"),
        ("選送進修兩個月，回來要服務多久", "6 個月"),  # 2 × 2 = 4, but at least 6
        ("公費進修一年半要服務多久", "36 個月（3 年）"),
    ],
)
def test_service_owed_after_paid_study(engine, question, first):
    result = ask(engine, question)
    assert result.text.startswith(first)
    assert "service-after-paid-study" == result.entry_id


def test_service_owed_after_unpaid_study_counts_extensions(engine):
    result = ask(engine, "留職停薪進修一年又延長半年，回來要服務多久？")
    assert result.text.startswith("18 個月")
    assert "service-after-unpaid-study" == result.entry_id


def test_service_owed_without_pay_status_gives_both(engine):
    text = ask(engine, "全時進修10個月，回來要服務多久").text
    assert "20 個月" in text and "10 個月" in text


@pytest.mark.parametrize(
    ("headcount", "quota"), [(25, "2 人"), (6, "1 人"), (120, "12 人"), (9, "1 人"), (10, "1 人")]
)
def test_quota_for_budgeted_headcount(engine, headcount, quota):
    result = ask(engine, f"預算員額{headcount}人，今年進修名額幾人？")
    assert result.text.startswith(quota)


def test_hours_missing_in_total_and_by_category(engine):
    text = ask(engine, "我今年上了三十小時，數位學習三小時，還差幾小時？").text
    assert text.startswith("總時數還差 10 小時")
    assert "數位 5 − 3 = 2" in text


def test_hours_missing_for_one_category(engine):
    assert ask(engine, "環教只上了1小時，還差多少").text.startswith("環境教育還差 3 小時")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("機關正式人員12人，推動組裝數位課程有團體嘉獎嗎", "不敘獎"),
        ("機關正式人員60人、約聘僱15人、臨時人員30人，推組裝課程承辦人怎麼敘獎", "承辦主管及主辦人員各嘉獎 1 次"),
        ("機關正式人員90人、約聘僱15人，推組裝數位課程可以嘉獎幾次", "承辦主管及主辦人員各嘉獎 2 次"),
        ("機關正式人員20人，推動組裝數位課程團體敘獎", "規定不明確"),
    ],
)
def test_group_reward_counts_formal_and_contract_staff_only(engine, question, verdict):
    assert ask(engine, question).text.startswith(verdict)


def test_temporaries_are_excluded_from_headcount(engine):
    text = ask(engine, "機關正式人員60人、約聘僱15人、臨時人員30人，推組裝課程承辦人怎麼敘獎").text
    assert "60 + 15 = 75 人" in text and "臨時人員 30 人不計" in text


@pytest.mark.parametrize(
    ("level", "reward"), [("初級", "嘉獎 1 次"), ("中級", "嘉獎 2 次"), ("中高級", "記功 1 次")]
)
def test_english_level_reward(engine, level, reward):
    result = ask(engine, f"通過全民英檢{level}有什麼獎勵")
    assert result.text.startswith(reward)
    assert "reward-english-test" == result.entry_id


def test_levels_not_in_the_table_are_said_to_be_missing(engine):
    assert "沒有列高級" in ask(engine, "英檢高級可以記功嗎").text
