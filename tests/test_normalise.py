import opencc
import pytest

from knowledge.normalise import MAX_QUESTION_CHARS, clean, normalise
from knowledge.numerals import digits_for_numerals


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("八個月", "8個月"),
        ("一年半", "1.5年"),
        ("兩年", "2年"),
        ("十二個月", "12個月"),
        ("一個半月", "1.5個月"),
        ("半年", "0.5年"),
        ("第九職等", "第9職等"),
        ("十分之一", "1/10"),
        ("兩百零五人", "205人"),
        ("一般人一定要統一", "一般人一定要統一"),
    ],
)
def test_chinese_numerals_become_digits_only_where_they_count(raw, expected):
    assert expected == digits_for_numerals(raw)


def test_full_width_becomes_half_width():
    assert "gept 123" == normalise("ＧＥＰＴ　１２３")


def test_simplified_becomes_traditional():
    assert "留職停薪進修最長多久" == normalise("留职停薪进修最长多久")


def test_traditional_terms_survive_conversion():
    # OpenCC's s2twp phrase table rewrites 中高級 as 中高階; we must not.
    assert "中高階" in opencc.OpenCC("s2twp").convert("中高級")
    assert "全民英檢中高級" == normalise("全民英檢中高級")


def test_punctuation_emoji_and_markup_are_dropped():
    assert "公假 幾小時" == normalise("<b>公假</b>？😀😀 **幾小時**!!")


def test_decimals_and_fractions_keep_their_separator():
    assert "1.5年 1/10" == normalise("1.5年，1/10")


def test_long_input_is_cut_and_flagged():
    cleaned = clean("進" * (MAX_QUESTION_CHARS + 50))
    assert cleaned.truncated
    assert MAX_QUESTION_CHARS == len(cleaned.text)


def test_control_characters_are_removed():
    assert "公假 幾小時" == clean("公假\x00\x07幾小時\u200b").text.replace("  ", " ")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("千萬不要讓我賠錢", "千萬不要讓我賠錢"),  # an idiom, not 10,000,000
        ("上萬元的學費", "上萬元的學費"),  # no number at all
        ("三萬一定要繳", "三萬一定要繳"),  # 一定 is a word, not 3.1萬
        ("月薪四萬二，", "月薪4.2萬"),
        ("學費1萬5000元", "學費15000元"),
        ("補助十八萬", "補助18萬"),
        ("一個半小時", "1.5個小時"),
    ],
)
def test_amounts_are_read_and_idioms_are_left_alone(typed, read):
    assert read == normalise(typed)



@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("I studied for eighteen months on full pay", "18個月"),
        ("a two-year master's", "2年"),
        ("took a year of unpaid leave", "took 1年"),
        ("abroad for a year and a half", "1.5年"),
        ("after half a year", "0.5年"),
        ("we need 40 hours a year", "40小時 a year"),  # a rate, not a length: left to 每年
    ],
)
def test_english_lengths_spelled_out_are_read_as_numbers(typed, read):
    assert read in normalise(typed)


def test_a_thousands_separator_joins_an_amount_but_a_list_stays_a_list():
    assert "84000元" in normalise("補助84,000元")
    assert "68 70 69" in normalise("三科68,70,69分")


@pytest.mark.parametrize(
    ("typed", "read"),
    [("服務幾各月", "服務幾個月"), ("三各小時", "3個小時"), ("各機關", "各機關"), ("每人各2小時", "每人各2小時"),
     ("全時進脩", "全時進修")],
)
def test_typed_variants_of_a_character_are_read_as_meant(typed, read):
    assert read == normalise(typed)
