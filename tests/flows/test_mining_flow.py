"""The whole pipeline as a Prefect flow on the sample crawl, on Prefect's ephemeral server."""

import json
import os

import numpy as np
import pyarrow.parquet as pq
import pytest

from flows.mining import mining_flow
from pipeline.errors import BitextError
from pipeline.schemas import CANDIDATES, PAIRS, read_table
from pipeline.workdir import file_key

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
    deciding = table.column("quality" if run[1].decision.scoring == "learned" else "score").to_pylist()
    assert deciding == sorted(deciding, reverse=True)


def test_every_candidate_above_the_floor_is_scored_before_the_decision(run):
    workdir, summary = run
    assert summary.decision.scoring == "learned"     # the calibrated default of muse
    candidates = read_table(workdir / "pairs" / "de-en" / "candidates.parquet", CANDIDATES)
    pairs = read_table(workdir / "pairs" / "de-en" / "pairs.parquet", PAIRS)
    quality = candidates.column("quality").to_pylist()
    below = [q for q in quality if q < summary.decision.threshold]
    assert candidates.num_rows > 100 and len(below) > 100
    assert None not in quality and None not in candidates.column("score").to_pylist()
    cand_keys = set(zip(candidates.column("src_id").to_pylist(), candidates.column("tgt_id").to_pylist()))
    assert set(zip(pairs.column("src_id").to_pylist(), pairs.column("tgt_id").to_pylist())) <= cand_keys


def test_each_stage_visibly_filters_the_sample_crawl(run):
    workdir, summary = run
    funnel = {(row.stage, row.lang): row for row in summary.funnel}
    for lang in ["en", "de", "fr", "es"]:
        shard = funnel[("shard", lang)]
        assert {"boilerplate", "duplicate", "too_long", "too_short"} <= set(shard.drops)
        lid = funnel[("lid", lang)]
        assert lid.rows_in == shard.rows_out and lid.drops["lid_wrong_language"] >= 2
    assert funnel[("shard", "es")].drops["invalid_utf8"] == 1
    assert funnel[("mine", "de-en")].rows_out == 14


def test_the_bitext_filters_keep_a_time_on_either_clock_and_the_order_of_the_pairs(run):
    workdir, summary = run
    mined = read_table(workdir / "pairs/de-en/pairs.parquet", PAIRS)
    kept = read_table(workdir / "pairs/de-en/filtered.parquet", PAIRS)
    # "bis 21 Uhr" / "until nine in the evening": the same time, so the pair passes numbers_differ
    assert ("Ab nächster Woche bleibt die Bibliothek donnerstags außerdem bis 21 Uhr geöffnet."
            in kept.column("src_text").to_pylist())
    assert kept.to_pylist() == [row for row in mined.to_pylist() if row in kept.to_pylist()]
    funnel = {(row.stage, row.lang): row for row in summary.funnel}
    assert "numbers_differ" not in funnel[("filter", "de-en")].drops
    assert summary.pairs["de-en"].filtered.rows == kept.num_rows == 14
    assert summary.pairs["es-en"].filtered.rows == 21


def test_a_run_without_filters_writes_no_filtered_pairs(tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text((REPO / "configs/sample.yaml").read_text().replace("../", f"{REPO}/")
                      .replace("pairs: [de-en, fr-en, es-en, de-fr]", "pairs: [de-en]") + "filter: null\n")
    summary = mining_flow(str(config), str(tmp_path / "work"))
    assert "filter" not in summary.work and summary.pairs["de-en"].filtered is None
    assert not (tmp_path / "work/pairs/de-en/filtered.parquet").exists()
    assert "| de-en | 14 | - |" in (tmp_path / "work/report.md").read_text()


def test_run_directory_holds_contract_files_and_a_report(run):
    workdir, summary = run
    assert (workdir / "config.yaml").exists()
    assert len(list((workdir / "sentences" / "en").glob("*/part-*.parquet"))) >= 2  # bounded shards
    de_file = file_key(REPO / "sample_data/de/crawl.txt.gz")
    assert sorted(p.relative_to(workdir / "embeddings/muse/de").as_posix()
                  for p in (workdir / "embeddings" / "muse" / "de").rglob("*")) == [de_file] + [
        f"{de_file}/part-0000{i}.{ext}" for i in (0, 1) for ext in ("ids.npy", "npy")]
    assert not list(workdir.rglob(".tmp-*"))
    report = (workdir / "report.md").read_text()
    assert "| de-fr | 14 |" in report and "| shard | es |" in report and "invalid_utf8: 1" in report
    assert "![Histogram of scores per pair](report-scores.png)" in report
    assert "| embed | 8 | 0 |" in report  # work this run: four languages, two shards each
    saved = json.loads((workdir / "stats" / "summary.json").read_text())
    assert saved["pairs"]["es-en"]["rows"] == pq.ParquetFile(workdir / "pairs/es-en/pairs.parquet").metadata.num_rows


def test_score_histogram_has_a_panel_per_pair_with_the_threshold_marked(run):
    from matplotlib.image import imread

    workdir, _ = run
    image = imread(workdir / "report-scores.png")
    assert image.shape[0] == 4 * 220  # 2.2 inches per pair at 100 dpi
    threshold_red = np.all(np.abs(image[..., :3] - np.array([0xC4, 0x4E, 0x52]) / 255) < 0.02, axis=-1)
    panels_with_line = {row * 4 // image.shape[0] for row in np.nonzero(threshold_red.any(axis=1))[0]}
    assert panels_with_line == {0, 1, 2, 3}


def test_report_is_published_as_prefect_artifacts(run):
    import httpx
    from prefect.client.orchestration import get_client

    workdir, summary = run
    api = str(get_client(sync_client=True).api_url).rstrip("/")
    data = {key: httpx.get(f"{api}/artifacts/{artifact_id}").json()["data"]
            for key, artifact_id in summary.artifacts.items()}
    assert data["bitext-report"] == (workdir / "report.md").read_text()
    assert '"pair": "de-fr"' in data["bitext-pairs"] and '"pairs": 14' in data["bitext-pairs"]
    assert "invalid_utf8: 1" in data["bitext-funnel"]


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
    from bitext_cli import main

    main(["run", str(REPO / "configs" / "sample.yaml"), "--workdir", str(tmp_path / "elsewhere")])
    out = capsys.readouterr().out
    assert (tmp_path / "elsewhere" / "pairs" / "de-fr" / "pairs.parquet").exists()
    assert "de-fr:     14 pairs" in out and "es: 64 -> 40 -> 38" in out
    assert not (tmp_path / "runs").exists()


def test_bitext_run_stops_at_once_when_the_workdir_is_in_use(tmp_path, capsys):
    from bitext_cli import main
    from pipeline.lock import WorkdirLock

    with WorkdirLock(tmp_path / "busy"), pytest.raises(SystemExit) as exit_info:
        main(["run", str(REPO / "configs" / "sample.yaml"), "--workdir", str(tmp_path / "busy")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"busy: in use by run pid {os.getpid()} on " in err
    assert not (tmp_path / "busy" / "config.yaml").exists()  # the flow never started
