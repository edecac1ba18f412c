"""Skipping keyed on input identity and stage config: re-runs, config changes, new crawl files, moved
work directories."""

import shutil

from flows.mining import mining_flow
from pipeline.schemas import PAIRS, read_table

from .conftest import assert_same_mining, small_config

MINING = ("index", "search", "topk", "means", "margin", "candidates", "features", "gaps", "quality", "select",
          "mine")   # a pair's units


def _ran(summary) -> dict:
    return {stage: n["ran"] for stage, n in summary.work.items()}


def _before_mining(ran: dict) -> dict:
    return {stage: n for stage, n in ran.items() if stage not in MINING}


def _funnel(summary, stage, lang):
    return summary.row(stage, lang)


STAGE_DIRS = ("shards", "sentences", "lid", "embeddings", "pairs", "manifests")


def _mtimes(workdir):
    """Modification times of every stage output and manifest."""
    return {p: p.stat().st_mtime_ns for d in STAGE_DIRS for p in (workdir / d).rglob("*") if p.is_file()}


def test_rerun_does_no_work_and_a_threshold_change_redoes_mining_only(tmp_path):
    config = small_config(tmp_path)
    first = mining_flow(str(config))
    assert all(n > 0 for n in _ran(first).values())
    before = _mtimes(tmp_path / "work")

    again = mining_flow(str(config))
    assert not any(_ran(again).values())
    assert _mtimes(tmp_path / "work") == before  # not one stage output rewritten
    assert again.pairs == first.pairs

    config.write_text(config.read_text() + "mine: {scoring: margin, threshold: 1.4}\n")
    stricter = mining_flow(str(config))
    # only the decision and what follows it: no search, top-k, margin or candidate unit runs again
    assert {stage: n for stage, n in _ran(stricter).items() if n} == {"select": 1, "mine": 1, "merge": 1,
                                                                      "filter": 1}
    scores = read_table(tmp_path / "work/pairs/de-en/pairs.parquet", PAIRS).column("score").to_pylist()
    assert 0 < len(scores) < first.pairs["de-en"].mined.rows and min(scores) >= 1.4

    config.write_text(config.read_text() + "filter: {min_chars: 1000}\n")   # longer than any sentence
    refiltered = mining_flow(str(config))
    assert {stage: n for stage, n in _ran(refiltered).items() if n} == {"filter": 1}
    assert _funnel(refiltered, "filter", "de-en").drops == {"too_short": len(scores)}
    assert refiltered.pairs["de-en"].filtered.rows == 0


def test_a_new_crawl_file_is_processed_alone_and_gives_the_one_shot_pairs(tmp_path):
    incremental = tmp_path / "incremental"
    incremental.mkdir()
    config = small_config(incremental, en_files=("a.txt",))
    before = _funnel(mining_flow(str(config)), "dedup", "en")
    # a new drop: the same crawl again (all duplicates of a.txt) plus two new documents
    new = (incremental / "en/a.txt").read_text() + "\n\nA brand new sentence about the harbour festival.\n\n" \
        "The museum opens a second wing next spring.\n"
    (incremental / "en/b.txt").write_text(new)
    grown = mining_flow(str(config))
    ran = _ran(grown)
    assert _before_mining(ran) == {"shard": 1, "dedup": 1, "lid": 1, "embed": 1, "merge": 1, "filter": 1}
    assert ran["mine"] == 1 and ran["search"] >= 1
    dedup = _funnel(grown, "dedup", "en")
    assert dedup.drops["duplicate_of_earlier_file"] == before.rows_out  # all of a.txt again
    assert dedup.rows_out == before.rows_out + 2

    one_shot = tmp_path / "one_shot"
    one_shot.mkdir()
    (one_shot / "en").mkdir()
    for name in ("a.txt", "b.txt"):
        (one_shot / "en" / name).write_bytes((incremental / "en" / name).read_bytes())
    mining_flow(str(small_config(one_shot, en_files=())))
    assert_same_mining(one_shot / "work/pairs/de-en", incremental / "work/pairs/de-en",
                       names=("pairs.parquet", "filtered.parquet"))


def test_bitext_run_with_nothing_to_do_starts_no_flow_run(tmp_path, bitext):
    import httpx
    from prefect.client.orchestration import get_client

    def flow_runs() -> int:
        api = str(get_client(sync_client=True).api_url).rstrip("/")
        return httpx.post(f"{api}/flow_runs/count", json={}).json()

    config = small_config(tmp_path)
    code, out, err = bitext("run", config)
    assert code == 0, err
    assert "Nothing to do" not in out and "shard 2/2" in out
    before = flow_runs()
    code, out, _ = bitext("run", config)
    assert code == 0 and "Nothing to do: every unit is up to date" in out
    assert "Tasks run (the rest were up to date): shard 0/2, dedup 0/2" in out and "de-en:" in out
    assert flow_runs() == before
    config.write_text(config.read_text() + "mine: {scoring: margin, threshold: 1.3}\n")
    code, out, _ = bitext("run", config)
    assert code == 0 and "Nothing to do" not in out and "mine 1/1" in out
    assert flow_runs() == before + 1


def test_a_moved_or_copied_work_directory_resumes_without_redoing_work(tmp_path, bitext):
    config = small_config(tmp_path)
    first = mining_flow(str(config), str(tmp_path / "first"))
    manifests = [p.read_text() for p in (tmp_path / "first/manifests").rglob("*.json")]
    assert manifests and not any(str(tmp_path / "first") in text for text in manifests)
    shutil.move(tmp_path / "first", tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", tmp_path / "copied")
    for workdir in ("moved", "copied"):
        code, out, err = bitext("run", config, "--workdir", tmp_path / workdir)
        assert code == 0 and "Nothing to do: every unit is up to date" in out, out + err
        assert f"{tmp_path / workdir}/pairs/de-en/filtered.parquet" in out
    config.write_text(config.read_text() + "mine: {scoring: margin, threshold: 1.3}\n")
    stricter = mining_flow(str(config), str(tmp_path / "copied"))     # work to do: only what the change touches
    assert {stage: n for stage, n in _ran(stricter).items() if n} == {"select": 1, "mine": 1, "merge": 1,
                                                                      "filter": 1}
    assert 0 < stricter.pairs["de-en"].mined.rows < first.pairs["de-en"].mined.rows
    assert read_table(tmp_path / "moved/pairs/de-en/pairs.parquet", PAIRS).num_rows == first.pairs["de-en"].mined.rows
