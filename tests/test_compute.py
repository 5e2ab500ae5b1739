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


def test_an_english_length_is_read_across_the_words_between(engine):
    # "of" and folding's spaces sit between the length and the leave it belongs to.
    result = ask(engine, "After 14 months of unpaid leave for study, how long must I serve afterwards?")
    assert result.text.startswith("14 個月")
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
    assert first.startswith("總時數已達標（已上 30 小時，至少 20 小時）") and "106年起中央終身學習規定" in first
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


@pytest.mark.parametrize(
    ("question", "entry", "figure"),
    [
        # several rewards named together are added up
        ("英檢中高級過了，也拿到線上英語營證書，總共可以記幾次獎勵？", "reward-english-test", "記功 1 次、嘉獎 2 次"),
        # the obligation stated, minus both stretches served (after an approved transfer)
        ("應服務30個月，原機關做了12個月，商調後新單位又做了6個月，還剩幾個月？", "service-transfer", "12 個月"),
        # paid study extended on unpaid leave: 2 × paid + the unpaid part
        ("帶職帶薪進修1年，延長半年改留職停薪，回來總共要服務多久", "service-after-paid-study", "30 個月"),
        # the bar stated in the question is not one of the grades
        ("補助要平均75分，我三科是80、72、76，這樣可以申請嗎", "subsidy-grade", "平均 76 分"),
        ("預算員額40人，今年已經核准3人全時進修，還能再核准幾人", "study-quota", "還能 1 人"),
        ("機關正式人員45人、約聘僱5人，現在40人選讀組裝數位課程，還差幾個人才有團體獎", "reward-group-digital-course", "還差 5 人"),
        ("受補助的全時進修3月31日結束，進修報告最晚什麼時候交", "study-report", "6月30日"),
        ("週二、週四白天各2小時的課，請公假的話每週還剩多少", "study-partial-hours", "還有 4 小時"),
        ("我一三五上午各有3小時的課，公假夠嗎", "study-partial-hours", "另外 1 小時"),
        ("環境教育我今年看了影片90分鐘、聽了半小時演講，還差多少", "hours-environment", "2 小時"),
        ("組裝數位課程討論區我貼了6篇，其中2篇不到30字，還差幾篇", "reward-digital-course", "還要 1 篇"),
        ("全時進修結束沒有立即回原機關，薪水領了20萬、補助5萬，要賠多少", "return-immediately", "25 萬元"),
        ("我的留職停薪115年3月31日期滿，機關最晚哪一天要通知我", "return-after-unpaid-leave", "115年3月1日"),
        ("學分班每學期學費三萬二，讀三學期，一般上限最多補多少", "subsidy-cap-after-hours", "6 萬元"),
        # a monthly salary counts for every month of study; only the grant when no report came
        ("帶職帶薪全時進修1年，月薪5萬，另外補助學費6萬，回來服務了12個月就離職，要賠多少", "repayment", "約 33 萬元"),
        ("受補助的全時進修沒交進修報告，領了薪水30萬、補助學費5萬，要賠多少", "repayment", "約 5 萬元"),
        ("留職停薪進修，已經念了20個月，最多還能再延多久", "study-unpaid-leave", "最多再 4 個月"),
        ("兩學期學分費上學期1萬5、下學期2萬6，每學期最高補2萬，總共可以補多少", "subsidy-cap-after-hours", "3.5 萬元"),
        ("週一上午2小時、週三下午4小時、週五下午3小時的課，公假上限以外要請幾小時", "study-partial-hours", "另外 1 小時"),
        ("一學期16週都用部分辦公時間上課，整學期公假最多幾小時", "study-partial-hours", "128 小時"),
        ("熠星方案評定良好，機關也自製了一個APP，承辦的總共幾次嘉獎", "reward-group-yixing", "嘉獎 4 次"),
        # a length per class times the classes taken: 4 × 45 minutes = 3 hours of 5
        ("數位課程看了四堂，每堂45分鐘，依104年計畫數位時數還差多少", "hours-digital", "還差 2 小時"),
        # 二月 is a month of the year, not two more months of leave
        ("留職停薪進修8個月，又延長了3個月，明年二月回去上班，回來要服務多久？", "service-after-unpaid-study", "11 個月"),
        # the semesters alone: the cap for each
        ("自費讀在職專班共四個學期，每學期都申請公餘進修補助，上限最多能拿多少？", "subsidy-cap-after-hours", "8 萬元"),
        # weekdays and "each" in English
        ("I have classes on Monday and Wednesday mornings, 4.5 hours each, during office hours. "
         "How many hours of official leave can I get?", "study-partial-hours", "另外 1 小時"),
        # "group award" in English is the award, not just a group
        ("Our unit has 45 staff including contract workers. How many must finish the course "
         "bundle for the group award?", "reward-group-digital-course", "41 人"),
        # dollars with a thousands separator are one amount, and English service is read
        ("留職停薪進修10個月，領了補助60,000元，回來服務5個月就離職，要賠多少？", "repayment", "約 3 萬元"),
        ("I took 12 months of unpaid study leave with a NT$50,000 subsidy and quit after working "
         "3 months. How much do I repay?", "repayment", "約 3.8 萬元"),
        # a month of the year is no length, nor a calendar year, nor years worked before
        ("留職停薪進修，預計9月出發，進修10個月，回來要服務多久？", "service-after-unpaid-study", "10 個月"),
        ("我2023年留職停薪進修10個月，回來服務5個月離職要賠多少", "repayment", "約 50%"),
        ("I worked here for a year before I studied for six months on full pay. How long must I serve?",
         "service-after-paid-study", "12 個月"),
        # when it happened (3年前) is no length; "not again abroad" needs no 多久; 各 typed for 個
        ("我3年前被選送出國帶薪進修半年，回來才服務1年，還在義務期內不能再出國嗎？", "abroad-reselection", "12 個月"),
        ("帶職帶薪全時進修讀一年半回來要服務幾各月", "service-after-paid-study", "36 個月"),
        # the term's weeks given: the term's total beside the weekly cap
        ("這學期16週，每週有9小時的課在上班時間，公假可以請多少？", "study-partial-hours", "合計最多 128 小時"),
        ("為期18週的課，每週有10小時在上班時間，公假最多能請多少？", "study-partial-hours", "18 週合計最多 144 小時"),
        ("這學期共18週，每週10小時在上班時間，全部可以請公假嗎？", "study-partial-hours", "另外 2 小時"),
        # "may I take it all as leave" asks how much of the week the cap covers
        ("週二週四下午都有課，一週加起來10小時，公假可以全部請嗎？", "study-partial-hours", "另外 2 小時"),
        # how long before going abroad again, without the word 服務; 服物 typed for 服務
        ("出國進修兩年回來，要隔多久才能再被選送出國？", "abroad-reselection", "48 個月"),
        ("留職停薪進修八個月，回來要服物多久", "service-after-unpaid-study", "8 個月"),
        # a monthly salary in dollars counts for each month; fees in NT$
        ("留職停薪進修12個月，月薪45000元，回來工作2個月就離職，要賠多少", "repayment", "月薪 4.5 萬 × 12 個月"),
        ("學費每學期NT$15,000，讀2個學期，補助最多多少", "subsidy-cap-after-hours", "最多 3 萬元"),
        # an English category after its figure
        ("Is one hour of environmental education enough?", "hours-environment", "環境教育還差 3 小時"),
        # the count of classes after the length per class
        ("數位學習每次2小時，我上了3次，依104年計畫還差多少？", "hours-digital", "已上 6 小時"),
        # the user's numbers span two question marks: one computation
        ("我三科成績是72、66、75，平均有70嗎？能申請補助嗎？", "subsidy-grade", "平均 71 分"),
    ],
)
def test_calculators_read_the_users_own_numbers(engine, question, entry, figure):
    result = ask(engine, question)
    assert entry in result.entry_ids, result.text
    assert figure in result.text, result.text


@pytest.mark.parametrize(
    "question",
    [
        # 還要看什麼條件 asks about the criteria, not how much service is still owed.
        "我帶職帶薪進修了6個月，回來在這裡做了5個月，還要看什麼條件才能再被選送？",
        # 只要1小時 and 說要2小時 are two versions of the rule, not 3 hours taken.
        "我的環境教育時數被說不夠。我記得只要3小時，同事說要4小時，到底是幾小時？",
        # 再 beside a trip abroad asks nothing about service owed
        "出國進修1年回國後，不能再申請國內進修補助嗎？",
        "帶薪出國進修一年，回來後可以再出國旅遊嗎？",
        # 寒暑假期間 asks about the breaks, not the length of the service owed.
        "本人服務於本府，擬經選送赴國內大學全時進修2年，惟寒暑假期間是否仍須返回機關辦公？",
        # the rule's 4 hours, asked whether they must be taken at all, are no hours taken
        "我10月才到職，今年環境教育4小時還要上嗎？",
    ],
)
def test_numbers_that_ask_for_no_computation_get_none(engine, question):
    result = engine.ask(question)
    assert not getattr(result, "computed", False), result.text


def test_a_bar_or_a_requirement_is_not_hours_taken(engine):
    # 離4小時 is the goal, not hours taken; 50 minutes and 1.5 hours are taken.
    text = ask(engine, "環境教育看了影片50分鐘，又聽了1.5小時講座，離4小時還差多少").text
    assert "1 小時 40 分" in text
    # hours the asker took, then whether more must be taken: still hours taken
    assert "還差 2 小時" in ask(engine, "環境教育我已經上了2小時，還要上嗎").text


def test_designated_course_hours_are_added_up_across_their_categories(engine):
    text = ask(engine, "106年後的指定課程10小時，我上了重大政策1小時、環境教育2小時、人權1小時，還差多少").text
    assert text.startswith("指定課程還差 6 小時") and "104年計畫沒有" in text


@pytest.mark.parametrize(
    ("question", "figure", "not_in"),
    [
        ("我在市府做了12年，這次帶職帶薪進修6個月，回來要服務多久", "12 個月", "144"),  # seniority is no study
        ("聽說補助只要平均60分，我三科62、64、66，能申請補助嗎", "不是 60 分", "達 60"),  # the rule's bar decides
        ("千萬別讓我賠錢！帶職帶薪進修1年，服務6個月就離職要賠多少", "約 75%", "萬元"),  # 千萬 is no sum
    ],
)
def test_what_a_question_says_in_passing_is_not_its_numbers(engine, question, figure, not_in):
    text = ask(engine, question).text
    assert figure in text and not_in not in text, text


def test_weeks_already_taken_are_no_term_to_total(engine):
    result = ask(engine, "已經上了3週，每週10小時的課在上班時間，公假還剩多少？")
    assert "另外 2 小時" in result.text and "合計" not in result.text, result.text
