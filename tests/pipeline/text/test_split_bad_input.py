"""Bad input for the splitter: each paragraph is split sensibly, or its sentence is counted under a named rule
by the shard stage; never a traceback or an endless loop."""

import json

import pyarrow.parquet as pq
import pytest

from pipeline.config import ShardConfig
from pipeline.shard import NoSentencesLeft, shard_file
from pipeline.text.split import split_sentences

RUN_ON = ("and then the committee met again " * 700).strip()          # ~23,000 characters, no full stop
THAI_UNSPACED = "วันนี้อากาศดีมากเราไปสวนสาธารณะกันเถอะแล้วก็กินข้าวด้วยกัน"


def shard(tmp_path, lang, paragraphs):
    path = tmp_path / f"{lang}.jsonl"
    path.write_text(json.dumps({"text": "\n".join(paragraphs)}, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        result = shard_file(lang, path, tmp_path / "out", ShardConfig())
    except NoSentencesLeft as exc:
        return [], exc.stats
    texts = [t for p in result.shards for t in pq.read_table(p).column("text").to_pylist()]
    return texts, result.stats


@pytest.mark.parametrize("lang", ["en", "pl", "ko", "zh", "th", "ar", "km"])
def test_a_20000_character_run_on_sentence_is_one_sentence_counted_too_long(tmp_path, lang):
    assert len(RUN_ON) > 20_000
    assert split_sentences(lang, RUN_ON) == [RUN_ON]
    texts, stats = shard(tmp_path, lang, [RUN_ON])
    assert texts == [] and stats.drops == {"too_long": 1}


def test_a_run_on_paragraph_of_many_sentences_splits_in_linear_time():
    text = "Das ist ein Satz. " * 5000
    assert split_sentences("de", text) == ["Das ist ein Satz."] * 5000


@pytest.mark.parametrize("lang, paragraph, sentences", [
    ("en", 'She said "he told me \'go. Now.\' and left. Then" it rained. Fine.',
     ['She said "he told me \'go.', "Now.' and left.", 'Then" it rained.', "Fine."]),
    ("en", '"""Unclosed. Still going. "Nested "twice." Done.',
     ['"""Unclosed.', "Still going.", '"Nested "twice."', "Done."]),
    ("fr", "« Il a dit « non. Jamais. » Fin.", ["« Il a dit « non.", "Jamais. »", "Fin."]),
    ("zh", "他说：“她说‘不。’然后走了。”好。", ["他说：“她说‘不。’", "然后走了。”", "好。"]),
    ("ja", "「「はい。」」と言った。終わり。", ["「「はい。」」と言った。", "終わり。"]),
])
def test_unbalanced_and_nested_quotes(lang, paragraph, sentences):
    assert split_sentences(lang, paragraph) == sentences


@pytest.mark.parametrize("lang", ["en", "de", "zh", "ja", "th", "ar"])
def test_a_line_of_only_quotation_marks_is_kept_whole_and_counted(tmp_path, lang):
    line = "\"'“”„«»「」『』\"\"\"''"
    assert split_sentences(lang, line) == [line]
    texts, stats = shard(tmp_path, lang, [line])
    assert texts == [] and sum(stats.drops.values()) == 1
    assert set(stats.drops) <= {"no_letters", "too_few_words"}


def test_mixed_scripts_in_one_paragraph_are_split_at_each_script_s_stops():
    text = "Das ist gut. 这是好的。 Это хорошо. 좋아요. هذا جيد. Fertig."
    assert split_sentences("de", text) == ["Das ist gut.", "这是好的。", "Это хорошо.", "좋아요.", "هذا جيد.",
                                           "Fertig."]
    assert split_sentences("zh", "这是好的。Das ist gut. 好！") == ["这是好的。", "Das ist gut. 好！"]


def test_thai_without_spaces_is_one_sentence_and_kept(tmp_path):
    assert split_sentences("th", THAI_UNSPACED) == [THAI_UNSPACED]
    texts, stats = shard(tmp_path, "th", [THAI_UNSPACED, THAI_UNSPACED * 40])
    assert texts == [THAI_UNSPACED] and stats.drops == {"too_long": 1}
