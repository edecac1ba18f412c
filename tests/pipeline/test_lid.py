import json

import pyarrow as pa
import pytest

from pipeline.config import LidConfig
from pipeline.errors import BitextError
from pipeline.lid import LanguageIdentifier, identify_shard
from pipeline.schemas import LID, SENTENCES, read_table, write_table
from pipeline.text.normalize import text_hash

GERMAN = ["Die Stadtbibliothek öffnet am Samstag wieder ihre Türen.",
          "Der Teig muss über Nacht im Kühlschrank ruhen.",
          "Please remember to bring your own cup to the summer fair.",   # English in a German shard
          "Anmelden"]                                                    # too short to be sure


def shard(tmp_path, texts):
    path = tmp_path / "sentences.parquet"
    n = len(texts)
    table = pa.table({"sent_id": pa.array([text_hash(t) for t in texts], pa.uint64()), "text": texts,
                      "source": ["x.txt"] * n, "doc_id": pa.array([0] * n, pa.int64()),
                      "position": pa.array(list(range(n)), pa.int32())})
    return write_table(table, path, SENTENCES)


def test_real_fasttext_model_identifies_languages():
    langs, scores = LanguageIdentifier().predict(["Bonjour tout le monde, comment allez-vous ?",
                                                  "Das Wetter ist heute sehr schön.",
                                                  "今日はとても良い天気です。"])
    assert langs == ["fr", "de", "ja"]
    assert all(s > 0.8 for s in scores)


def test_shard_keeps_its_language_and_counts_the_rest(tmp_path):
    stats_path = tmp_path / "stats.json"
    out = identify_shard("de", shard(tmp_path, GERMAN), tmp_path / "lid.parquet", LidConfig(threshold=0.5),
                         stats_path)
    table = read_table(out, LID)
    assert table.column("text").to_pylist() == GERMAN[:2]
    assert set(table.column("lid_lang").to_pylist()) == {"de"}
    assert min(table.column("lid_score").to_pylist()) >= 0.5
    stats = json.loads(stats_path.read_text())
    assert (stats["rows_in"], stats["rows_out"]) == (4, 2)
    assert sum(stats["drops"].values()) == 2 and stats["drops"]["lid_wrong_language"] >= 1


def test_threshold_is_applied(tmp_path):
    out = identify_shard("de", shard(tmp_path, GERMAN[:2]), tmp_path / "lid.parquet", LidConfig(threshold=1.0))
    assert read_table(out, LID).num_rows == 0


def test_label_only_mode_keeps_every_row_with_its_label(tmp_path):
    out = identify_shard("de", shard(tmp_path, GERMAN), tmp_path / "lid.parquet", LidConfig(filter=False))
    table = read_table(out, LID)
    assert table.num_rows == 4
    assert table.column("lid_lang").to_pylist()[2] == "en"


def test_missing_model_file_is_a_one_line_error(tmp_path):
    with pytest.raises(BitextError, match="language-ID model not found"):
        LanguageIdentifier(tmp_path / "lid.bin").predict(["hello"])
