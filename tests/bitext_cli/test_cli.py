"""The command line, called in-process through the same entry point as the `bitext` script."""

import json

import numpy as np
import pyarrow.parquet as pq
import pytest

from pipeline.encoders.calibration import calibration_for
from pipeline.schemas import PAIRS
from pipeline.workdir import RunLayout, file_key
from tests.conftest import run_cli

FR = ["Le train pour l'aéroport part toutes les vingt minutes.",
      "Ma sœur cultive des tomates dans son jardin.",
      "La bibliothèque municipale rouvre samedi après des mois de travaux.",
      "Le musée est fermé le lundi.",
      "Nous avons mangé une excellente soupe de poisson au port.",
      "Le conseil municipal votera le budget la semaine prochaine.",
      "Les enfants jouent au football dans le parc après l'école."]
EN = ["My sister grows tomatoes in her garden.",
      "The city council will vote on the budget next week.",
      "The train to the airport leaves every twenty minutes.",
      "The museum is closed on Mondays.",
      "The weather in the mountains changes very quickly.",
      "After months of work, the town library reopens on Saturday.",
      "Please switch off your phone during the concert.",
      "Quantum computers may one day break today's encryption."]
GOLD = {(FR[0], EN[2]), (FR[1], EN[0]), (FR[2], EN[5]), (FR[3], EN[3]), (FR[5], EN[1])}


run = run_cli


@pytest.fixture
def files(tmp_path):
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("\n".join(FR) + "\n")
    en.write_text("\n".join(EN) + "\n")
    return fr, en


def test_mine_two_files_with_iso_639_3_codes(files, tmp_path, capsys):
    fr, en = files
    out, cands = tmp_path / "pairs.parquet", tmp_path / "cands.parquet"
    code, stdout, _ = run(["mine", "--src-lang", "fra", "--src", fr, "--tgt-lang", "eng", "--tgt", en,
                           "--out", out, "--candidates", cands], capsys)
    assert code == 0
    table = pq.read_table(out)
    assert table.schema.names == PAIRS.names
    assert set(zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist())) == GOLD
    assert set(table.column("src_lang").to_pylist()) == {"fr"}
    assert set(table.column("tgt_lang").to_pylist()) == {"en"}
    quality = table.column("quality").to_numpy()    # muse decides by its calibrated learned scorer
    assert np.all(np.diff(quality) <= 0) and quality.min() >= calibration_for("muse").learned.threshold
    assert pq.read_table(cands).num_rows > table.num_rows
    assert "5 pairs (learned quality >= " in stdout


def test_mine_by_margin_keeps_the_margin_order_and_leaves_quality_empty(files, tmp_path, capsys):
    fr, en = files
    out, cands = tmp_path / "pairs.parquet", tmp_path / "candidates.parquet"
    code, stdout, _ = run(["mine", "--src-lang", "fr", "--src", fr, "--tgt-lang", "en", "--tgt", en, "--out", out,
                           "--scoring", "margin", "--candidates", cands], capsys)
    assert code == 0 and "ratio margin >= " in stdout
    table = pq.read_table(out)
    assert set(zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist())) == GOLD
    scores = table.column("score").to_numpy()
    assert np.all(np.diff(scores) <= 0) and scores.min() >= calibration_for("muse").margin.threshold
    assert table.column("quality").null_count == table.num_rows
    candidates = pq.read_table(cands)   # written from the ratio margin's neutral point, 1.0
    assert candidates.num_rows >= table.num_rows and min(candidates.column("score").to_pylist()) >= 1.0


def test_mine_options_change_the_result(files, tmp_path, capsys):
    fr, en = files
    out = tmp_path / "pairs.parquet"
    code, _, _ = run(["mine", "--src-lang", "fr", "--src", fr, "--tgt-lang", "en", "--tgt", en, "--out", out,
                      "--scoring", "margin", "--threshold", "0", "--min-cosine", "-1", "-k", "2"], capsys)
    assert code == 0
    table = pq.read_table(out)
    assert table.num_rows > len(GOLD)  # without thresholds, non-translations get in
    assert min(table.column("cosine").to_pylist()) < 0.5


def test_mine_counts_undecodable_lines_and_filters_language_when_asked(files, tmp_path, capsys):
    fr, en = files
    fr.write_bytes(fr.read_bytes() + b"caf\xe9 cr\xe8me\n" + b"This line is English, not French.\n")
    code, stdout, _ = run(["mine", "--src-lang", "fr", "--src", fr, "--tgt-lang", "en", "--tgt", en,
                           "--out", tmp_path / "p.parquet", "--lid"], capsys)
    assert code == 0
    assert "invalid_utf8: 1" in stdout and "lid_wrong_language: 1" in stdout


@pytest.mark.parametrize("change, message", [
    (lambda fr, en: fr.unlink(), "fr.txt: no such file"),
    (lambda fr, en: en.write_text("\n  \n"), "en.txt: empty input"),
])
def test_mine_bad_input_is_one_line(files, tmp_path, capsys, change, message):
    fr, en = files
    change(fr, en)
    code, _, err = run(["mine", "--src-lang", "fr", "--src", fr, "--tgt-lang", "en", "--tgt", en,
                        "--out", tmp_path / "p.parquet"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and message in err and err.startswith("error: ")
    assert not (tmp_path / "p.parquet").exists()


def test_unknown_language_code_is_one_line(files, tmp_path, capsys):
    fr, en = files
    code, _, err = run(["mine", "--src-lang", "xx", "--src", fr, "--tgt-lang", "en", "--tgt", en,
                        "--out", tmp_path / "p.parquet"], capsys)
    assert code == 2 and "unknown language code 'xx'" in err and err.count("\n") == 1


def test_run_with_a_config_typo_is_one_line(tmp_path, capsys):
    cfg = tmp_path / "run.yaml"
    cfg.write_text("workdir: w\nlanguages: {en: {inputs: [a]}, de: {inputs: [b]}}\npairs: [de-en]\n"
                   "mine: {treshold: 1.1}\n")
    code, _, err = run(["run", cfg], capsys)
    assert code == 2
    assert err == f"error: {cfg}: unknown key 'mine.treshold'\n"


def test_run_with_a_missing_input_is_one_line(tmp_path, capsys):
    cfg = tmp_path / "run.yaml"
    cfg.write_text("workdir: w\nlanguages: {en: {inputs: [a.txt]}, de: {inputs: [b.txt]}}\npairs: [de-en]\n")
    code, _, err = run(["run", cfg], capsys)
    assert code == 2 and err == f"error: {tmp_path / 'a.txt'}: no such file or directory\n"


def test_shard_command_writes_shards_and_stats(tmp_path, capsys):
    crawl = tmp_path / "de.txt"
    crawl.write_text("Der Zug fährt um acht Uhr ab. Wir kommen pünktlich an.\n\n"
                     "The weather is lovely today in the park.\n")
    code, stdout, _ = run(["shard", "--lang", "deu", "--out", tmp_path / "out", crawl], capsys)
    assert code == 0
    layout, key = RunLayout(tmp_path / "out"), file_key(crawl)   # the layout of a run's work directory
    table = pq.read_table(layout.lid_path("de", f"{key}/part-00000"))
    assert table.column("text").to_pylist() == ["Der Zug fährt um acht Uhr ab.", "Wir kommen pünktlich an."]
    assert layout.stats_path("shard", f"de/{key}").exists()
    assert layout.stats_path("lid", f"de/{key}/part-00000").exists()
    assert "shard: 3 in, 3 out; dropped nothing" in stdout
    assert "lid: 3 in, 2 out; dropped lid_wrong_language: 1" in stdout
    funnel = json.loads((tmp_path / "out/stats/summary.json").read_text())["funnel"]
    assert {(r["stage"], r["rows_in"], r["rows_out"]) for r in funnel} == {("shard", 3, 3), ("dedup", 3, 3),
                                                                            ("lid", 3, 2)}


def test_shard_command_label_only_and_strict(tmp_path, capsys):
    crawl = tmp_path / "de.txt"
    crawl.write_bytes("Der Zug fährt um acht Uhr ab.\nThe weather is lovely today.\n".encode() + b"\xff\xfe\n")
    code, stdout, _ = run(["shard", "--lang", "de", "--label-only", "--out", tmp_path / "out", crawl], capsys)
    assert code == 0 and "dropped invalid_utf8: 1" in stdout
    table = pq.read_table(RunLayout(tmp_path / "out").lid_path("de", f"{file_key(crawl)}/part-00000"))
    assert table.column("lid_lang").to_pylist() == ["de", "en"]
    code, _, err = run(["shard", "--lang", "de", "--strict", "--out", tmp_path / "strict", crawl], capsys)
    assert code == 2 and err == f"error: {crawl}: line 3 is not valid UTF-8\n"


def test_embed_command_writes_one_row_per_line(tmp_path, capsys):
    src = tmp_path / "s.txt"
    src.write_text("Hello world.\nGuten Morgen.\n\nBonjour.\n" + "x" * 100_000 + "\n")
    code, out, _ = run(["embed", "--input", src, "--out", tmp_path / "e.npy", "--dtype", "float32"], capsys)
    assert code == 0
    assert "blank_text_zero_vector: 1; truncated_to_model_max_length: 1" in out
    vectors = np.load(tmp_path / "e.npy")
    assert vectors.shape == (5, 512) and vectors.dtype == np.float32
    assert not vectors[2].any() and np.isclose(np.linalg.norm(vectors[4]), 1.0, atol=1e-5)


def test_unknown_encoder_lists_the_available_ones(tmp_path, capsys):
    src = tmp_path / "s.txt"
    src.write_text("Hello.\n")
    code, _, err = run(["embed", "--encoder", "laser9", "--input", src, "--out", tmp_path / "e.npy"], capsys)
    assert code == 2 and "available: muse, labse, sentence-transformers:" in err


def test_run_with_only_empty_inputs_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("Ein Satz.\n")
    cfg = tmp_path / "run.yaml"
    cfg.write_text("workdir: w\nlanguages: {en: {inputs: [a.txt]}, de: {inputs: [b.txt]}}\npairs: [de-en]\n")
    code, _, err = run(["run", cfg], capsys)
    assert code == 2 and err == f"error: {cfg}: every input of language 'en' is empty\n"
