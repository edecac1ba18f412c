"""The units of a run, executed in plain Python: no Prefect, the toy encoder, the real stages."""

import pytest

from pipeline.config import load_config
from pipeline.errors import BitextError
from pipeline.plan import Plan, Run, ingest, mine_all, up_to_date
from pipeline.schemas import PAIRS, read_table
from pipeline.work import Unit, run_in_process

from ..conftest import SAMPLE


def _config(tmp_path, extra=""):
    path = tmp_path / "run.yaml"
    path.write_text(f"workdir: work\nlanguages: {{de: {{inputs: [{SAMPLE / 'de'}]}}, "
                    f"en: {{inputs: [{SAMPLE / 'en'}]}}}}\npairs: [de-en]\nshard: {{max_rows_per_shard: 20}}\n"
                    f"embed: {{encoder: hashing}}\n{extra}")
    return load_config(path)


def test_a_run_executes_in_process_and_a_rerun_skips_every_unit(tmp_path):
    cfg = _config(tmp_path)
    plan = Plan.of(cfg)
    first = mine_all(plan, run_in_process)
    files = sum(len(fs) for fs in plan.files.values())
    ran = {stage: n["ran"] for stage, n in first.work.items()}
    mining = {"search": 2, "topk": 2, "means": 2, "margin": 2, "candidates": 1, "select": 1, "mine": 1,
              "merge": 1}  # one block
    assert ran == {"shard": files, "dedup": files, "lid": ran["lid"], "embed": ran["lid"], **mining, "filter": 1}
    assert ran["lid"] == first.row("lid", "de").parts + first.row("lid", "en").parts > files
    pairs = read_table(first.pairs["de-en"].mined.path, PAIRS)
    assert pairs.num_rows == first.pairs["de-en"].mined.rows > 0
    assert first.row("lid", "de").rows_in == first.row("dedup", "de").rows_out
    assert first.row("mine", "de-en").rows_out == pairs.num_rows

    again = mine_all(Plan.of(cfg), run_in_process)
    assert all(n["ran"] == 0 for n in again.work.values())
    assert again.pairs == first.pairs and again.funnel == first.funnel


def test_units_name_their_inputs_and_wait_for_what_they_need(tmp_path):
    plan = Plan.of(_config(tmp_path))
    [shard_de] = [u for u in plan.shard_units() if u.name.startswith("de ")]
    assert isinstance(shard_de, Unit) and shard_de.id == f"shard:de {plan.files['de'][0]}"
    shards = {"de": ["f/part-00000"], "en": ["g/part-00000"]}
    embeds = plan.embed_units(shards)
    assert [u.after for u in embeds] == [("lid:de f/part-00000",), ("lid:en g/part-00000",)]
    assert all(u.gpu for u in embeds)             # device auto: a GPU helps when there is one


def test_a_pair_is_mined_as_units_whose_searches_want_a_gpu(tmp_path):
    plan = Plan.of(_config(tmp_path, "mine: {task_rows: 8, scoring: margin, threshold: 1.0}\n"))
    run = Run(run_in_process)
    units = plan.mine_units(ingest(plan, run, embed=True))
    searches = [u for u in units if u.stage == "search"]
    assert searches and all(u.gpu for u in searches) and not any(u.gpu for u in units if u.stage != "search")
    assert units[-1].id == "mine:de-en" and units[-1].after == ("select:de-en",)
    assert len({u.id for u in units}) == len(units)


def test_learned_scoring_is_mined_as_units_too_and_its_pairs_carry_quality(tmp_path):
    cfg = _config(tmp_path, "mine: {task_rows: 16, scoring: learned, calibration: muse, threshold: 0.2}\n")
    first = mine_all(Plan.of(cfg), run_in_process)
    blocks = first.work["candidates"]["ran"]
    assert blocks > 1 and first.work["features"]["ran"] == first.work["quality"]["ran"] == blocks
    assert first.work["gaps"]["ran"] == first.work["select"]["ran"] == first.work["mine"]["ran"] == 1
    pairs = read_table(first.pairs["de-en"].mined.path, PAIRS)
    assert pairs.num_rows > 0 and pairs["quality"].null_count == 0 and min(pairs["quality"].to_pylist()) >= 0.2
    again = mine_all(Plan.of(cfg), run_in_process)
    assert all(n["ran"] == 0 for n in again.work.values())


def test_a_language_left_empty_is_a_one_line_error_naming_its_files(tmp_path):
    (tmp_path / "de.txt").write_text("OK\n\nHi\n")
    path = tmp_path / "run.yaml"
    path.write_text(f"workdir: w\nlanguages: {{en: {{inputs: [{SAMPLE / 'en'}]}}, de: {{inputs: [de.txt]}}}}\n"
                    "pairs: [de-en]\nembed: {encoder: hashing}\n")
    with pytest.raises(BitextError, match=r"no sentences left for language 'de' in .*de\.txt .*'too_short': 2"):
        mine_all(Plan.of(load_config(path)), run_in_process)


def test_up_to_date_finds_a_no_op_from_the_manifests_and_a_change_from_one_unit(tmp_path):
    cfg = _config(tmp_path)
    mine_all(Plan.of(cfg), run_in_process)
    outputs = {p: p.stat().st_mtime_ns for d in ("sentences", "lid", "embeddings", "pairs", "manifests")
               for p in (cfg.workdir / d).rglob("*") if p.is_file()}
    summary = up_to_date(cfg)
    assert summary is not None and all(n["ran"] == 0 for n in summary.work.values())
    assert summary.report.exists() and "| mine | 0 | 1 |" in summary.report.read_text()
    assert {p: p.stat().st_mtime_ns for p in outputs} == outputs     # nothing but the report rewritten
    stricter = _config(tmp_path, "mine: {scoring: margin, threshold: 1.3}\n")
    assert up_to_date(stricter) is None
    assert {p: p.stat().st_mtime_ns for p in outputs} == outputs     # checking ran nothing


def test_a_work_directory_named_relatively_or_absolutely_is_the_same_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _config(tmp_path)                                   # writes run.yaml
    mine_all(Plan.of(load_config(tmp_path / "run.yaml", workdir="rel")), run_in_process)
    again = up_to_date(load_config(tmp_path / "run.yaml", workdir=tmp_path / "rel"))
    assert again is not None and all(n["ran"] == 0 for n in again.work.values())


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_an_embedding_shard_truncated_or_missing_between_runs_is_redone_and_mines_the_same(tmp_path, damage):
    cfg = _config(tmp_path, "mine: {task_rows: 16}\n")
    first = mine_all(Plan.of(cfg), run_in_process)
    before = read_table(first.pairs["de-en"].mined.path, PAIRS)
    shard = sorted((cfg.workdir / "embeddings").rglob("part-*[0-9].npy"))[1]
    if damage == "missing":
        shard.unlink()
    else:
        shard.write_bytes(shard.read_bytes()[:200])
    again = mine_all(Plan.of(cfg), run_in_process)
    assert again.work["embed"]["ran"] == 1 and again.work["search"]["ran"] < first.work["search"]["ran"]
    assert read_table(again.pairs["de-en"].mined.path, PAIRS) == before
