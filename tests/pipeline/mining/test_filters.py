import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from pydantic import ValidationError, create_model

from pipeline.config import PairFilterConfig
from pipeline.mining.filters import PAIR_FILTERS, filter_config_fields, filter_file, filter_pairs, pair_rule
from pipeline.schemas import PAIRS, read_table, write_table
from pipeline.stats import write_stats

NO_LID = PairFilterConfig(language_check=False)


def pairs_table(rows: list[tuple[str, str]], src_lang: str = "de", tgt_lang: str = "en") -> pa.Table:
    n = len(rows)
    return pa.table({"src_lang": [src_lang] * n, "tgt_lang": [tgt_lang] * n,
                     "src_id": np.arange(n, dtype=np.uint64), "tgt_id": np.arange(n, dtype=np.uint64),
                     "src_text": [s for s, _ in rows], "tgt_text": [t for _, t in rows],
                     "score": np.linspace(2, 1, n, dtype=np.float32), "cosine": np.full(n, 0.8, np.float32),
                     "quality": pa.nulls(n, pa.float32())})


TEXT_CASES = [
    ("Ja", "Yes", "too_short"),
    ("Guten Morgen.", "Good morning, my dear friend, how have you been all these long years?", "length_ratio"),
    ("Microsoft Windows 11", "microsoft windows 11!", "identical"),
    ("Informationstechnologie GmbH", "Informationstechnologie GmbH.", "identical"),
    ("Kontaktieren Sie Mozilla Firefox", "Kontaktieren Sie Mozilla Firefox!!", "identical"),
    ("Hotel Berlin Mitte Zentrum", "Hotel Berlin Mitte Zentrum 2", "near_identical"),
    ("Das Haus kostet 250.000 Euro.", "The house costs 205,000 euros.", "numbers_differ"),
    ("Mehr auf https://example.de/info.", "More at https://example.com/info.", "urls_differ"),
    ("Das Haus kostet 250.000 Euro.", "The house costs 250,000 euros.", None),
    ("Mehr auf www.example.de.", "More at www.example.de", None),
]


@pytest.mark.parametrize("src, tgt, rule", TEXT_CASES)
def test_each_text_rule_catches_its_case_and_lets_a_translation_through(src, tgt, rule):
    assert pair_rule(src, tgt, NO_LID) == rule


def test_a_rule_set_to_none_is_off():
    cfg = NO_LID.model_copy(update={"max_length_ratio": None})
    assert pair_rule("Guten Morgen.", "Good morning, my dear friend, how have you been all these years?", cfg) is None


@pytest.mark.parametrize("src, tgt, rule", [case for case in TEXT_CASES if case[2] not in (None, "identical")])
def test_each_rule_is_switched_off_by_its_own_option(src, tgt, rule):
    option = next(f.option for f in PAIR_FILTERS if f.name == rule)
    off = {bool: False, int: 0}.get(option.type)   # None for the options that may be null
    assert pair_rule(src, tgt, NO_LID.model_copy(update={option.name: off})) != rule


def test_the_config_generated_from_the_table_keeps_the_rules_order_defaults_and_bounds():
    generated = create_model("Generated", **filter_config_fields())
    assert [f.name for f in PAIR_FILTERS] == ["too_short", "length_ratio", "identical", "near_identical",
                                              "numbers_differ", "urls_differ", "wrong_language",
                                              "duplicate_pair", "too_many_pairs"]
    assert list(generated.model_fields) == ["min_chars", "max_length_ratio", "max_similarity", "numbers_match",
                                            "urls_match", "language_check", "lid_model", "dedup",
                                            "max_pairs_per_sentence"]
    assert generated().model_dump() == PairFilterConfig().model_dump()
    for bad in ({"min_chars": -1}, {"max_length_ratio": 0.5}, {"max_similarity": 0.0}, {"max_similarity": 1.5},
                {"max_pairs_per_sentence": 0}):
        with pytest.raises(ValidationError):
            generated(**bad)
    assert generated(max_length_ratio=None, lid_model="lid.bin").lid_model == Path("lid.bin")
    assert all(f.description for f in generated.model_fields.values())


def test_duplicates_and_sentences_in_many_pairs_keep_the_best_first():
    rows = [("Der Hund schläft.", "The dog sleeps."),
            ("Der  Hund schläft!", "the dog sleeps"),            # same pair after normalisation
            ("Der Hund schläft.", "The dog is sleeping."),       # source already used once
            ("Die Katze isst.", "The cat eats.")]
    table, stats = filter_pairs(pairs_table(rows), NO_LID, "de-en")
    assert table.column("tgt_text").to_pylist() == ["The dog sleeps.", "The cat eats."]
    assert table.column("score").to_pylist() == pairs_table(rows).column("score").take([0, 3]).to_pylist()
    assert dict(stats.drops) == {"duplicate_pair": 1, "too_many_pairs": 1}
    assert (stats.rows_in, stats.rows_out) == (4, 2)
    relaxed, _ = filter_pairs(pairs_table(rows), NO_LID.model_copy(update={"max_pairs_per_sentence": 2}))
    assert relaxed.num_rows == 3


def test_wrong_language_on_either_side_is_dropped_with_the_fasttext_model():
    rows = [("Der Hund schläft im Garten unter dem Baum.", "The dog is sleeping in the garden under the tree."),
            ("Le chien dort dans le jardin sous l'arbre.", "The dog is sleeping in the garden under a tree."),
            ("Die Katze trinkt jeden Morgen ihre Milch.", "El gato bebe su leche todas las mañanas.")]
    table, stats = filter_pairs(pairs_table(rows), PairFilterConfig())
    assert table.column("src_text").to_pylist() == [rows[0][0]]
    assert dict(stats.drops) == {"wrong_language": 2}


def test_filter_file_writes_pairs_schema_and_stats(tmp_path):
    rows = [("Der Hund schläft.", "The dog sleeps."), ("Ja", "Yes")]
    path = write_table(pairs_table(rows), tmp_path / "pairs.parquet", PAIRS)
    stats = filter_file(path, tmp_path / "filtered.parquet", NO_LID)
    assert read_table(tmp_path / "filtered.parquet", PAIRS).num_rows == 1 == stats.rows_out
    assert json.loads(write_stats(stats, tmp_path / "filter.json").read_text())["drops"] == {"too_short": 1}


def test_bitext_filter_command_and_its_bad_option(tmp_path, bitext):
    path = write_table(pairs_table([("Der Hund schläft.", "The dog sleeps."), ("Ja", "Yes")]),
                       tmp_path / "pairs.parquet", PAIRS)
    code, out, _ = bitext("filter", "--pairs", path, "--out", tmp_path / "f.parquet", "--no-lid")
    assert code == 0 and "1 of 2 pairs kept" in out and "too_short: 1" in out
    code, _, err = bitext("filter", "--pairs", path, "--out", tmp_path / "g.parquet", "--max-length-ratio", "0.5")
    assert code == 2 and "invalid option --max-length-ratio" in err
    assert not (tmp_path / "g.parquet").exists()


def test_length_ratio_scales_chinese_characters_and_still_drops_a_fragment():
    zh = "其中探明五点二亿吨原油储量"                                    # 13 characters
    en = "Among which, 520 million tons of reserves are proved to be crude oil."   # 69 characters
    kept, stats = filter_pairs(pairs_table([(zh, en), (zh[:3], en)], "zh", "en"), NO_LID)
    assert kept.column("src_text").to_pylist() == [zh] and stats.drops == {"length_ratio": 1}
    assert pair_rule(zh, en, NO_LID) == "length_ratio"                # without languages, characters as they are


def test_too_short_counts_a_chinese_character_as_the_english_it_stands_for():
    kept, stats = filter_pairs(pairs_table([("好。", "Good."), ("谢谢", "Thanks"), ("好", "OK")], "zh", "en"), NO_LID)
    assert kept.column("src_text").to_pylist() == ["好。", "谢谢"] and stats.drops == {"too_short": 1}


def test_wrong_language_spares_what_the_lid_stage_would_keep():
    rows = [("民权团体针对密苏里州发出旅行警告", "Civil rights group warns travellers about Missouri"),  # 'ja', no kana
            ("Merkel in Paris", "Merkel in Paris, again"),                                    # 'en', de 15%
            ("Please bring your own cup to the summer fair.", "Bring a cup to the fair, please.")]
    table = pairs_table(rows[:1], "zh", "en")
    assert filter_pairs(table, PairFilterConfig())[0].num_rows == 1
    kept, stats = filter_pairs(pairs_table(rows[1:]), PairFilterConfig(max_similarity=None))
    assert kept.column("src_text").to_pylist() == [rows[1][0]] and stats.drops == {"wrong_language": 1}
