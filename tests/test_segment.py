import pytest

from knowledge.normalise import normalise


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("我想申請留職停薪去念研究所", "留職停薪"),
        ("部分辦公時間可以請公假嗎", "部分辦公時間"),
        ("性別主流化學習時數要幾小時", "性別主流化"),
        ("考過全民英檢有獎勵嗎", "全民英檢"),
        ("英檢中高級可以記功嗎", "中高級"),
        ("預算員額三十人的機關", "預算員額"),
    ],
)
def test_domain_terms_come_out_whole(engine, sentence, term):
    assert term in engine.segmenter.segment(normalise(sentence))


def test_common_traditional_words_are_not_split_into_characters(engine):
    words = engine.segmenter.segment(normalise("請問申請什麼時候要提出"))
    assert {"申請", "什麼", "時候", "提出"} <= set(words)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("留停", "留職停薪"),
        ("英檢", "全民英檢"),
        ("GEPT", "全民英檢"),
        ("e-learning", "數位學習"),
        ("綁約", "服務義務"),
        ("回任", "回原機關服務"),
        ("unpaid leave", "留職停薪"),
    ],
)
def test_synonyms_fold_to_one_spelling(engine, variant, canonical):
    assert canonical in engine.segmenter.tokens(normalise(f"{variant}的規定"))


def test_canonical_term_is_not_rewritten_through_its_own_variant(engine):
    assert "全民全民英檢" not in engine.segmenter.fold_synonyms("全民英檢")
