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


def test_hours_missing_leads_with_the_rule_in_force_and_gives_the_plans_figure(engine):
    result = ask(engine, "我今年上了三十小時，數位學習三小時，還差幾小時？")
    first, plan = result.text.split("\n")
    assert first.startswith("總時數還差 0 小時") and "106年起中央終身學習規定" in first
    assert "總時數還差 10 小時（40 − 30 = 10）" in plan and "數位還差 2 小時（5 − 3 = 2）" in plan
    assert "106年起" in result.edition and "104年度" in result.edition


def test_a_question_about_the_plan_answers_from_the_plan_only(engine):
    result = ask(engine, "依104年計畫，我上了30小時還差幾小時")
    assert result.text.startswith("總時數還差 10 小時") and "\n" not in result.text


@pytest.mark.parametrize(
    ("question", "lead", "entry"),
    [
        ("環教只上了1小時，還差多少", "環境教育還差 3 小時", "hours-environment"),
        ("業務相關目前12小時，距離標準還有多遠", "業務相關還差 8 小時", "hours-business"),
        ("數位課程我上了兩小時，還缺幾小時", "數位：沒有最低時數要求", "hours-digital"),
    ],
)
def test_a_categorys_shortfall_answers_that_category(engine, question, lead, entry):
    result = ask(engine, question)
    assert result.text.startswith(lead) and result.entry_id == entry


def test_several_categories_each_get_their_shortfall(engine):
    text = ask(engine, "環教上了1小時、性平0小時，各還差多少").text
    assert text.startswith("環境教育還差 3 小時（4 − 1 = 3）、性別主流化還差 1 小時（1 − 0 = 1）")


def test_this_years_requirement_leads_with_the_rule_in_force(engine):
    result = ask(engine, "今年要上幾小時")
    assert result.text.startswith("20 小時") and "40 小時" in result.text.split("\n")[1]


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
