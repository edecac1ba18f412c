"""No output that looks finished but describes another state: a step turned off takes its files with it, and
the report is gone while a run changes what it describes."""

import json

from pipeline.plan import run_and_report, up_to_date
from pipeline.schemas import PAIRS, read_table
from pipeline.work import run_in_process
from pipeline.workdir import RunLayout

from .test_plan import _config  # the sample's German and English, the toy encoder


def _filter_files(layout: RunLayout) -> list:
    return [layout.filtered_path("de", "en"), layout.stats_path("filter", "de-en"),
            layout.manifest_path("filter", "de-en")]


def test_turning_the_filter_off_retires_what_it_wrote(tmp_path):
    layout = RunLayout(tmp_path / "work")
    filtered = run_and_report(_config(tmp_path), run_in_process)
    assert filtered.pairs["de-en"].filtered and all(p.is_file() for p in _filter_files(layout))

    off = _config(tmp_path, "filter: null\n")
    assert up_to_date(off) is None               # files to retire: work to do
    summary = run_and_report(off, run_in_process)
    assert not any(p.exists() for p in _filter_files(layout))
    assert summary.pairs["de-en"].filtered is None
    assert summary.pairs["de-en"].final.path == layout.merged_path("de", "en")   # the merge step is on
    assert "filtered" not in json.loads(layout.summary_path.read_text())["pairs"]["de-en"]
    assert str(layout.filtered_path("de", "en")) not in layout.report_path.read_text()
    assert summary.row("filter", "de-en") is None
    assert up_to_date(off) is not None           # retired once: nothing left to do

    again = run_and_report(_config(tmp_path), run_in_process)   # turned on again: filtered afresh
    assert again.work["filter"] == {"ran": 1, "skipped": 0}
    assert again.pairs["de-en"].filtered == filtered.pairs["de-en"].filtered


def test_turning_the_merge_off_retires_merged_pairs_and_filters_the_mined_ones(tmp_path):
    layout = RunLayout(tmp_path / "work")
    run_and_report(_config(tmp_path), run_in_process)
    assert layout.merged_path("de", "en").is_file()

    summary = run_and_report(_config(tmp_path, "merge: null\n"), run_in_process)
    assert not layout.merged_path("de", "en").exists() and not layout.manifest_path("merge", "de-en").exists()
    assert summary.pairs["de-en"].merged is None and summary.work["filter"] == {"ran": 1, "skipped": 0}
    assert summary.pairs["de-en"].final.path == layout.filtered_path("de", "en")


def _dies_after_mining(units):
    """Runs a batch, and dies once mining has replaced the pairs: a run killed before its report."""
    outcomes = run_in_process(units)
    if any(unit.stage == "mine" for unit in units):
        raise KeyboardInterrupt
    return outcomes


def test_a_run_killed_after_its_pairs_changed_leaves_no_report_of_the_old_pairs(tmp_path):
    layout = RunLayout(tmp_path / "work")
    first = run_and_report(_config(tmp_path), run_in_process)
    assert layout.report_path.is_file() and layout.summary_path.is_file()

    stricter = _config(tmp_path, "mine: {scoring: margin, threshold: 1.3}\n")
    try:
        run_and_report(stricter, _dies_after_mining)
    except KeyboardInterrupt:
        pass
    mined = read_table(layout.pairs_path("de", "en"), PAIRS).num_rows
    assert mined < first.pairs["de-en"].mined.rows         # the pairs did change
    assert not layout.report_path.exists() and not layout.summary_path.exists()

    done = run_and_report(stricter, run_in_process)        # and are described again once the run completes
    assert done.pairs["de-en"].mined.rows == mined
    assert json.loads(layout.summary_path.read_text())["pairs"]["de-en"]["rows"] == mined
    assert f"| de-en | {mined} |" in layout.report_path.read_text()
