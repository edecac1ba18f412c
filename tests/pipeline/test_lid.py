import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import lid
from pipeline.config import LidConfig
from pipeline.errors import BitextError
from pipeline.lid import LanguageIdentifier, identify_shard
from pipeline.schemas import LID, SENTENCES, read_table, write_table
from pipeline.text.normalize import text_hash

from .fasttext_model import write_lid_model

GERMAN = ["Die Stadtbibliothek öffnet am Samstag wieder ihre Türen.",
          "Der Teig muss über Nacht im Kühlschrank ruhen.",
          "Please remember to bring your own cup to the summer fair.",   # English in a German shard
          "Anmelden"]                  # too short to be sure (lid.176: English 0.12, German 0.08): its document's


def shard(tmp_path, texts, docs=None):
    path = tmp_path / "sentences.parquet"
    n = len(texts)
    docs = [0] * n if docs is None else docs
    table = pa.table({"sent_id": pa.array([text_hash(t) for t in texts], pa.uint64()), "text": texts,
                      "source": ["x.txt"] * n, "doc_id": pa.array(docs, pa.int64()),
                      "position": pa.array([docs[:i].count(d) for i, d in enumerate(docs)], pa.int32())})
    return write_table(table, path, SENTENCES)


def test_real_fasttext_model_identifies_languages():
    langs, scores = LanguageIdentifier().predict(["Bonjour tout le monde, comment allez-vous ?",
                                                  "Das Wetter ist heute sehr schön.",
                                                  "今日はとても良い天気です。"])
    assert langs == ["fr", "de", "ja"]
    assert all(s > 0.8 for s in scores)


def test_shard_keeps_its_language_and_counts_the_rest(tmp_path):
    out = tmp_path / "lid.parquet"
    stats = identify_shard("de", shard(tmp_path, GERMAN), out, LidConfig(threshold=0.5))
    table = read_table(out, LID)
    assert table.column("text").to_pylist() == [*GERMAN[:2], GERMAN[3]]
    assert table.column("lid_lang").to_pylist() == ["de", "de", "en"]     # the model's label, kept as it said
    assert (stats.stage, stats.shard, stats.rows_in, stats.rows_out) == ("lid", "sentences", 4, 3)
    assert stats.drops == {"lid_wrong_language": 1} and stats.altered == {"lid_kept_by_document": 1}


def test_threshold_is_applied(tmp_path):
    out = tmp_path / "lid.parquet"
    identify_shard("de", shard(tmp_path, GERMAN[:2]), out, LidConfig(threshold=1.0))
    assert read_table(out, LID).num_rows == 0


def test_label_only_mode_keeps_every_row_with_its_label(tmp_path):
    out = tmp_path / "lid.parquet"
    stats = identify_shard("de", shard(tmp_path, GERMAN), out, LidConfig(filter=False))
    table = read_table(out, LID)
    assert table.num_rows == 4 and (stats.rows_in, stats.rows_out, stats.drops) == (4, 4, {})
    assert table.column("lid_lang").to_pylist()[2] == "en"


def test_missing_model_file_is_a_one_line_error(tmp_path):
    with pytest.raises(BitextError, match="language-ID model not found"):
        LanguageIdentifier(tmp_path / "lid.bin").predict(["hello"])


def test_per_language_threshold_overrides_the_default(tmp_path):
    cfg = LidConfig(threshold=0.5, thresholds={"deu": 1.0})     # codes are normalised: deu is de
    assert cfg.threshold_for("de") == 1.0 and cfg.threshold_for("fr") == 0.5
    out = tmp_path / "lid.parquet"
    stats = identify_shard("de", shard(tmp_path, GERMAN[:2]), out, cfg)
    assert read_table(out, LID).num_rows == 0
    assert stats.drops == {"lid_low_score": 2}


@pytest.fixture
def glotlid_like(tmp_path):
    """A tiny real fastText model with GlotLID/NLLB-style labels (language_Script)."""
    words = {"privet": "rus_Cyrl", "kak": "rus_Cyrl", "привет": "rus_Cyrl", "как": "rus_Cyrl",
             "hello": "eng_Latn", "world": "eng_Latn", "bonjour": "fra_Latn"}
    return write_lid_model(tmp_path / "glot.bin", words, ["rus_Cyrl", "eng_Latn", "fra_Latn"])


def test_other_models_by_path_have_their_labels_normalised(glotlid_like):
    langs, scores = LanguageIdentifier(glotlid_like).predict(["привет как", "hello world", "bonjour", "zzz"])
    assert langs == ["ru", "en", "fr", "und"]
    assert scores[0] > 0.99 and scores[3] == 0.0


def test_russian_said_of_latin_script_text_is_dropped_under_its_own_reason(tmp_path, glotlid_like):
    texts = ["привет как", "privet kak", "hello world"]
    out, unchecked = tmp_path / "lid.parquet", tmp_path / "lid2.parquet"
    stats = identify_shard("ru", shard(tmp_path, texts), out, LidConfig(model=glotlid_like))
    assert read_table(out, LID).column("text").to_pylist() == ["привет как"]
    assert stats.drops == {"lid_wrong_script": 1, "lid_wrong_language": 1}
    identify_shard("ru", shard(tmp_path, texts), unchecked, LidConfig(model=glotlid_like, script_check=False))
    assert read_table(unchecked, LID).num_rows == 2


def test_label_only_mode_keeps_wrong_script_rows_too(tmp_path, glotlid_like):
    out = tmp_path / "lid.parquet"
    identify_shard("ru", shard(tmp_path, ["privet kak", "hello world"]), out, LidConfig(model=glotlid_like,
                                                                                        filter=False))
    table = read_table(out, LID)
    assert table.column("lid_lang").to_pylist() == ["ru", "en"]


def test_a_shard_read_in_several_batches_gives_the_same_rows_and_counts(tmp_path, monkeypatch):
    whole, batched = tmp_path / "whole.parquet", tmp_path / "batched.parquet"
    docs = [i // 4 for i in range(12)]               # three documents of four rows
    whole_stats = identify_shard("de", shard(tmp_path, GERMAN * 3, docs), whole, LidConfig())
    monkeypatch.setattr(lid, "_BATCH_ROWS", 5)      # 12 rows: batches of 5, 5 and 2; a document waits for its end
    batched_stats = identify_shard("de", shard(tmp_path, GERMAN * 3, docs), batched, LidConfig())
    assert pq.ParquetFile(batched).metadata.num_row_groups == 3
    assert read_table(batched, LID).equals(read_table(whole, LID))
    assert batched_stats.drops == whole_stats.drops
    assert (batched_stats.rows_in, batched_stats.rows_out) == (whole_stats.rows_in, whole_stats.rows_out) == (12, 9)


ARTICLE = ["Schulz kontra Merkel",                                          # a headline fastText is unsure of
           "Die Stadtbibliothek öffnet am Samstag wieder ihre Türen.",
           "Merkel in Paris",                                               # a headline fastText calls English
           "Der Teig muss über Nacht im Kühlschrank ruhen.",
           "Im Herbst beginnen die Bauarbeiten an der neuen Brücke über den Fluss.",
           "Please remember to bring your own cup to the summer fair."]   # a foreign line in the document


def test_a_confident_document_keeps_its_headlines_but_not_a_foreign_line(tmp_path):
    labels, scores = LanguageIdentifier().predict(ARTICLE)
    assert labels[0] == "de" and scores[0] < 0.5 and labels[2] == "en" and labels[5] == "en"   # unsure, wrong
    out = tmp_path / "lid.parquet"
    stats = identify_shard("de", shard(tmp_path, ARTICLE), out, LidConfig())
    assert read_table(out, LID).column("text").to_pylist() == ARTICLE[:5]
    assert stats.drops == {"lid_wrong_language": 1} and stats.altered == {"lid_kept_by_document": 2}
    assert (stats.rows_in, stats.rows_out) == (6, 5)


def test_headlines_are_dropped_without_a_confident_document(tmp_path):
    out = tmp_path / "lid.parquet"
    alone = [0, 1, 2, 3, 4, 5]                                     # each line its own document
    identify_shard("de", shard(tmp_path, ARTICLE, alone), out, LidConfig())
    assert read_table(out, LID).column("text").to_pylist() == [ARTICLE[1], ARTICLE[3], ARTICLE[4]]
    identify_shard("de", shard(tmp_path, ARTICLE), out, LidConfig(document_share=None))    # rescue off
    assert read_table(out, LID).column("text").to_pylist() == [ARTICLE[1], ARTICLE[3], ARTICLE[4]]


def test_a_run_of_lines_longer_than_a_document_vouches_for_nothing(tmp_path):
    """A sentence-per-line file without blank lines is one 'document': it must not relax the rule for all."""
    out = tmp_path / "lid.parquet"
    stats = identify_shard("de", shard(tmp_path, ARTICLE), out, LidConfig(document_max_sentences=5))
    assert read_table(out, LID).column("text").to_pylist() == [ARTICLE[1], ARTICLE[3], ARTICLE[4]]
    assert not stats.altered


def test_a_document_mostly_in_another_language_vouches_for_nothing(tmp_path):
    english = ["The library reopens its doors on Saturday after a long renovation.",
               "The dough has to rest in the fridge overnight before it is baked.",
               "Construction work on the new bridge over the river starts in autumn."]
    out = tmp_path / "lid.parquet"
    identify_shard("de", shard(tmp_path, [ARTICLE[0], ARTICLE[1], *english]), out, LidConfig())
    assert read_table(out, LID).column("text").to_pylist() == [ARTICLE[1]]


def test_the_probability_of_a_language_is_read_even_where_it_is_not_the_top_label():
    own = LanguageIdentifier().probability(["Merkel in Paris", "Please remember to bring your own cup."], "de")
    assert 0.1 <= own[0] < 0.5 and own[1] < 0.01


def test_a_japanese_label_on_han_only_text_is_unsure_not_wrong(tmp_path):
    chinese = ["民权团体针对密苏里州发出旅行警告",                               # lid.176: Japanese, 0.99
               "美国全国有色人种协进会周二向前往密苏里州的非洲裔美国人发出旅行警告。",
               "该组织表示，该州的新法律使起诉歧视行为的企业变得更加困难，非洲裔美国人在该州面临危险。"]
    labels, _ = LanguageIdentifier().predict(chinese)
    assert labels[0] == "ja"
    assert lid.lid_drop_reasons("zh", chinese[:1], labels[:1], [0.99], LidConfig()) == ["lid_low_score"]
    out = tmp_path / "lid.parquet"
    stats = identify_shard("zh", shard(tmp_path, chinese), out, LidConfig())
    assert read_table(out, LID).num_rows == 3 and stats.altered == {"lid_kept_by_document": 1}


@pytest.mark.parametrize("line, label", [("柬方始终给予中方坚定支持", "id"),       # lid.176: Indonesian 0.47
                                         ("逮捕令说，去年七月土耳其发生未遂政变时，富勒就在土耳其", "ko")])  # 0.43
def test_a_label_of_a_script_the_text_lacks_is_unsure_and_its_document_keeps_the_line(tmp_path, line, label):
    """Chinese 0.08 among all labels, but the only language of the labels the Han script allows."""
    chinese = ["美国全国有色人种协进会周二向前往密苏里州的非洲裔美国人发出旅行警告。", line,
               "该组织表示，该州的新法律使起诉歧视行为的企业变得更加困难，非洲裔美国人在该州面临危险。"]
    labels, scores = LanguageIdentifier().predict([line])
    assert labels == [label]
    assert lid.lid_drop_reasons("zh", [line], labels, scores, LidConfig()) == ["lid_low_score"]
    assert LanguageIdentifier().probability([line], "zh")[0] > 0.9
    out = tmp_path / "lid.parquet"
    stats = identify_shard("zh", shard(tmp_path, chinese), out, LidConfig())
    assert line in read_table(out, LID).column("text").to_pylist() and stats.altered == {"lid_kept_by_document": 1}


def test_a_variety_label_on_a_standard_chinese_line_is_unsure_and_its_document_keeps_the_line(tmp_path):
    line = "1499元的指导价较此前1299元的零售价上涨了200元。"          # lid.176: Wu 0.50, Chinese 0.05
    chinese = ["美国全国有色人种协进会周二向前往密苏里州的非洲裔美国人发出旅行警告。", line,
               "该组织表示，该州的新法律使起诉歧视行为的企业变得更加困难，非洲裔美国人在该州面临危险。"]
    labels, scores = LanguageIdentifier().predict([line])
    assert labels == ["wuu"]
    assert lid.lid_drop_reasons("zh", [line], labels, scores, LidConfig()) == ["lid_low_score"]
    stats = identify_shard("zh", shard(tmp_path, chinese), tmp_path / "lid.parquet", LidConfig())
    assert stats.rows_out == 3 and stats.altered == {"lid_kept_by_document": 1}


def test_a_line_truly_in_another_language_stays_wrong_and_is_dropped(tmp_path):
    chinese = ["美国全国有色人种协进会周二向前往密苏里州的非洲裔美国人发出旅行警告。", "오늘은 날씨가 아주 좋습니다.",
               "该组织表示，该州的新法律使起诉歧视行为的企业变得更加困难，非洲裔美国人在该州面临危险。"]
    out = tmp_path / "lid.parquet"
    stats = identify_shard("zh", shard(tmp_path, chinese), out, LidConfig())
    assert "오늘은 날씨가 아주 좋습니다." not in read_table(out, LID).column("text").to_pylist()
    assert stats.drops == {"lid_wrong_language": 1}


def test_a_short_line_in_a_script_of_its_own_is_sure_of_its_language(tmp_path):
    """lid.176 gives "ขอบคุณ" (thank you) Thai 0.38, the rest to languages of other scripts: among the labels
    Thai script allows, it is Thai. A short Latin line stays unsure: its script allows many languages."""
    lines = ["ขอบคุณ", "Politie arresteert verdachte"]
    langs, raw = LanguageIdentifier().predict(lines)
    assert langs == ["th", "nl"] and raw[0] < 0.5 and raw[1] < 0.5
    alone = [0, 1]
    out = tmp_path / "lid.parquet"
    identify_shard("th", shard(tmp_path, lines[:1], alone[:1]), out, LidConfig())
    assert read_table(out, LID).column("text").to_pylist() == lines[:1]
    stats = identify_shard("nl", shard(tmp_path, lines[1:], alone[:1]), out, LidConfig())
    assert read_table(out, LID).num_rows == 0 and stats.drops == {"lid_low_score": 1}
    # Han alone labelled Japanese is not rescored: the script rules Japanese out, and a probability over 1
    # must never come of it
    han = ["被施了魔法的“新零售”"]
    stats = identify_shard("ja", shard(tmp_path, han, alone[:1]), out, LidConfig())
    assert read_table(out, LID).num_rows == 0 and stats.drops == {"lid_low_score": 1}
