import json
import xml.etree.ElementTree as ET

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import BitextError
from pipeline.mining.export import export_pairs
from pipeline.schemas import PAIRS, write_table

SRC = ["Der Hund & die Katze <schlafen>.", "Preis:\t5 €", "Zeile eins\nZeile zwei"]
TGT = ["The dog & the cat <sleep>.", "Price: 5 €", "Line one\x0b and two"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def pairs(tmp_path):
    n = len(SRC)
    table = pa.table({"src_lang": ["de"] * n, "tgt_lang": ["en"] * n, "src_id": np.arange(n, dtype=np.uint64),
                      "tgt_id": np.arange(10, 10 + n, dtype=np.uint64), "src_text": SRC, "tgt_text": TGT,
                      "score": np.array([1.5, 1.3, 1.2], np.float32), "cosine": np.array([0.9, 0.8, 0.7], np.float32),
                      "quality": pa.nulls(n, pa.float32())})
    return write_table(table, tmp_path / "pairs.parquet", PAIRS)


def test_moses_writes_one_line_per_pair_per_side(pairs, tmp_path):
    written = export_pairs(pairs, "moses", tmp_path / "train")
    assert written == [tmp_path / "train.de", tmp_path / "train.en"]
    de, en = (p.read_text(encoding="utf-8").splitlines() for p in written)
    assert de == ["Der Hund & die Katze <schlafen>.", "Preis: 5 €", "Zeile eins Zeile zwei"]
    assert len(en) == 3 and en[1] == "Price: 5 €"


def test_tsv_has_exactly_two_fields_per_line(pairs, tmp_path):
    lines = export_pairs(pairs, "tsv", tmp_path / "train.tsv")[0].read_text(encoding="utf-8").splitlines()
    assert [line.split("\t") for line in lines][1] == ["Preis: 5 €", "Price: 5 €"]
    assert all(line.count("\t") == 1 for line in lines) and len(lines) == 3


def test_tmx_is_valid_xml_with_the_text_escaped(pairs, tmp_path):
    root = ET.parse(export_pairs(pairs, "tmx", tmp_path / "train.tmx")[0]).getroot()
    units = root.findall("./body/tu")
    assert len(units) == 3
    first = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[0]}
    assert first == {"de": SRC[0], "en": TGT[0]}
    assert {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[2]}["en"] == "Line one and two"


def test_jsonl_has_a_translation_field_per_line(pairs, tmp_path):
    rows = [json.loads(line) for line in export_pairs(pairs, "jsonl", tmp_path / "train.jsonl")[0].open()]
    assert rows[0]["translation"] == {"de": SRC[0], "en": TGT[0]}
    assert rows[2]["translation"]["de"] == SRC[2]   # JSON keeps line breaks: no flattening needed
    assert rows[0]["score"] == pytest.approx(1.5) and rows[0]["quality"] is None


def test_parquet_reads_as_is_in_polars_duckdb_and_datasets(pairs, tmp_path):
    out = export_pairs(pairs, "parquet", tmp_path / "train.parquet")[0]
    frame = pl.read_parquet(out)
    assert frame["src_text"].to_list() == SRC and frame["translation"][0] == {"de": SRC[0], "en": TGT[0]}
    rows = duckdb.sql(f"SELECT translation.en, score FROM '{out}' ORDER BY score DESC").fetchall()
    assert [r[0] for r in rows] == TGT
    datasets = pytest.importorskip("datasets", reason="datasets is not installed (not a test dependency)")
    ds = datasets.Dataset.from_parquet(str(out))
    assert ds[1]["translation"] == {"de": SRC[1], "en": TGT[1]}


def test_several_language_pairs_in_one_file_are_refused(tmp_path):
    table = pa.table({"src_lang": ["de", "fr"], "tgt_lang": ["en", "en"], "src_id": np.arange(2, dtype=np.uint64),
                      "tgt_id": np.arange(2, dtype=np.uint64), "src_text": ["a", "b"], "tgt_text": ["c", "d"],
                      "score": np.ones(2, np.float32), "cosine": np.ones(2, np.float32),
                      "quality": pa.nulls(2, pa.float32())})
    path = write_table(table, tmp_path / "pairs.parquet", PAIRS)
    with pytest.raises(BitextError, match="several language pairs"):
        export_pairs(path, "tsv", tmp_path / "out.tsv")
    assert not (tmp_path / "out.tsv").exists()


def test_a_file_that_is_not_a_pairs_file_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1]}), bad)
    with pytest.raises(BitextError, match="other.parquet"):
        export_pairs(bad, "moses", tmp_path / "train")


def test_bitext_export_command(pairs, tmp_path, bitext):
    code, out, _ = bitext("export", "--pairs", pairs, "--format", "tsv", "--out", tmp_path / "t.tsv")
    assert code == 0 and "wrote" in out and (tmp_path / "t.tsv").read_text().count("\n") == 3
