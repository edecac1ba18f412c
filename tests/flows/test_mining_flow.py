"""The whole pipeline as a Prefect flow on the sample crawl, on Prefect's ephemeral server."""

import json

import pyarrow.parquet as pq
import pytest

from flows.mining import mining_flow
from pipeline.errors import BitextError
from pipeline.schemas import CANDIDATES, PAIRS, read_table

from ..conftest import REPO

PAIR_NAMES = ["de-en", "fr-en", "es-en", "de-fr"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("run")
    summary = mining_flow(str(REPO / "configs" / "sample.yaml"), str(workdir))
    return workdir, summary


@pytest.mark.parametrize("pair", PAIR_NAMES)
def test_translations_are_mined_and_noise_is_not(run, gold, pair):
    workdir, _ = run
    table = read_table(workdir / "pairs" / pair / "pairs.parquet", PAIRS)
    mined = set(zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist()))
    assert mined == gold(pair)
    src, tgt = pair.split("-")
    assert set(table.column("src_lang").to_pylist()) == {src}
    assert set(table.column("tgt_lang").to_pylist()) == {tgt}
    deciding = table.column("quality" if run[1]["scoring"] == "learned" else "score").to_pylist()
    assert deciding == sorted(deciding, reverse=True)


def test_every_candidate_above_the_floor_is_scored_before_the_decision(run):
    workdir, summary = run
    assert summary["scoring"] == "learned"     # the calibrated default of muse
    candidates = read_table(workdir / "pairs" / "de-en" / "candidates.parquet", CANDIDATES)
    pairs = read_table(workdir / "pairs" / "de-en" / "pairs.parquet", PAIRS)
    quality = candidates.column("quality").to_pylist()
    below = [q for q in quality if q < summary["threshold"]]
    assert candidates.num_rows > 100 and len(below) > 100
    assert None not in quality and None not in candidates.column("score").to_pylist()
    cand_keys = set(zip(candidates.column("src_id").to_pylist(), candidates.column("tgt_id").to_pylist()))
    assert set(zip(pairs.column("src_id").to_pylist(), pairs.column("tgt_id").to_pylist())) <= cand_keys


def test_each_stage_visibly_filters_the_sample_crawl(run):
    workdir, summary = run
    funnel = {(row["stage"], row["lang"]): row for row in summary["funnel"]}
    for lang in ["en", "de", "fr", "es"]:
        shard = funnel[("shard", lang)]
        assert {"boilerplate", "duplicate", "too_long", "too_short"} <= set(shard["drops"])
        lid = funnel[("lid", lang)]
        assert lid["rows_in"] == shard["rows_out"] and lid["drops"]["lid_wrong_language"] >= 2
    assert funnel[("shard", "es")]["drops"]["invalid_utf8"] == 1
    assert funnel[("mine", "de-en")]["rows_out"] == 14


def test_run_directory_holds_contract_files_and_a_report(run):
    workdir, summary = run
    assert (workdir / "config.yaml").exists()
    assert len(list((workdir / "sentences" / "en").glob("part-*.parquet"))) >= 2  # bounded shards
    assert sorted(p.name for p in (workdir / "embeddings" / "muse" / "de").iterdir()) == [
        "part-00000.ids.npy", "part-00000.npy", "part-00001.ids.npy", "part-00001.npy"]
    assert not list(workdir.rglob(".tmp-*"))
    report = (workdir / "report.md").read_text()
    assert "| de-fr | 14 |" in report and "| shard | es |" in report and "invalid_utf8: 1" in report
    saved = json.loads((workdir / "stats" / "summary.json").read_text())
    assert saved["pairs"]["es-en"]["rows"] == pq.ParquetFile(workdir / "pairs/es-en/pairs.parquet").metadata.num_rows


def test_user_error_inside_a_task_fails_the_flow_with_one_line_logs(tmp_path, caplog):
    (tmp_path / "de.txt").write_text("OK\n\nHi\n")
    (tmp_path / "en.txt").write_text("A perfectly normal English sentence.\n")
    config = tmp_path / "run.yaml"
    config.write_text("workdir: w\nlanguages: {en: {inputs: [en.txt]}, de: {inputs: [de.txt]}}\npairs: [de-en]\n")
    with pytest.raises(BitextError, match="no sentences left for language 'de'"):
        mining_flow(str(config))
    failures = [r for r in caplog.records if r.name.startswith("prefect.") and r.levelname == "ERROR"]
    assert failures and all(r.exc_info is None for r in failures)


def test_bitext_run_writes_where_workdir_says_and_prints_a_summary(tmp_path, capsys):
    from pipeline.cli import main

    main(["run", str(REPO / "configs" / "sample.yaml"), "--workdir", str(tmp_path / "elsewhere")])
    out = capsys.readouterr().out
    assert (tmp_path / "elsewhere" / "pairs" / "de-fr" / "pairs.parquet").exists()
    assert "de-fr:     14 pairs" in out and "es: 64 -> 40 -> 38" in out
    assert not (tmp_path / "runs").exists()
