"""`bitext eval`: tasks built from the sample's gold translations, scored with the default encoder."""

import json

import pytest

from tests.conftest import SAMPLE

PAIRS = [line.split("\t") for line in (SAMPLE / "gold" / "fr-en.tsv").read_text(encoding="utf-8").splitlines()]
OTHER_EN = [line.split("\t")[1] for line in (SAMPLE / "gold" / "es-en.tsv").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def parallel(tmp_path):
    fr, en, extra = tmp_path / "fr.txt", tmp_path / "en.txt", tmp_path / "distractors.txt"
    fr.write_text("".join(f"{a}\n" for a, _ in PAIRS), encoding="utf-8")
    en.write_text("".join(f"{b}\n" for _, b in PAIRS), encoding="utf-8")
    extra.write_text("".join(f"{s}\n" for s in OTHER_EN if s not in {b for _, b in PAIRS}), encoding="utf-8")
    return fr, en, extra


def _task(bitext, parallel, out, seed=0):
    fr, en, extra = parallel
    code, stdout, _ = bitext("eval", "make-bucc", "--src", fr, "--tgt", en, "--distractors", extra,
                             "--keep", 0.75, "--n-distractors", 10, "--seed", seed, "--out", out)
    assert code == 0, stdout
    return [(out / f).read_text(encoding="utf-8").splitlines() for f in ("src.txt", "tgt.txt", "gold.tsv")]


def test_make_bucc_writes_a_seeded_task_whose_gold_lines_are_translations(bitext, parallel, tmp_path):
    src, tgt, gold = _task(bitext, parallel, tmp_path / "a")
    assert len(gold) == round(0.75 * len(PAIRS)) and len(tgt) > len(src)
    translations = {tuple(p) for p in PAIRS}
    for line in gold:
        s, t = map(int, line.split("\t"))
        assert (src[s - 1], tgt[t - 1]) in translations
    assert _task(bitext, parallel, tmp_path / "b") == [src, tgt, gold]
    assert _task(bitext, parallel, tmp_path / "c", seed=1) != [src, tgt, gold]


def test_bucc_reports_f1_best_threshold_and_draws_the_curve(bitext, parallel, tmp_path, muse):
    _task(bitext, parallel, tmp_path / "task")
    task, plot, out = tmp_path / "task", tmp_path / "pr.png", tmp_path / "bucc.json"
    code, stdout, stderr = bitext("eval", "bucc", "--src", task / "src.txt", "--tgt", task / "tgt.txt",
                                  "--gold", task / "gold.tsv", "-k", 3, "--plot", plot, "--json", out)
    assert code == 0, stderr
    result = json.loads(out.read_text())
    assert result["gold"] == round(0.75 * len(PAIRS))
    assert result["f1"] >= 0.8 and result["best_f1"] >= result["f1"]
    assert f"F1 {result['f1']:.3f}" in stdout and "best F1 over all thresholds" in stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bucc_names_a_bad_gold_file_in_one_line(bitext, parallel, tmp_path):
    fr, en, _ = parallel
    bad = tmp_path / "gold.tsv"
    bad.write_text("1\t99\n")
    code, _, stderr = bitext("eval", "bucc", "--src", fr, "--tgt", en, "--gold", bad)
    assert code == 2 and stderr.strip().count("\n") == 0 and "gold.tsv:1: line numbers 1, 99 outside" in stderr


def test_tatoeba_reports_accuracy_both_ways_per_language_and_mean(bitext, tmp_path, muse):
    data = tmp_path / "tatoeba"
    data.mkdir()
    (data / "tatoeba.fra-eng.fra").write_text("".join(f"{a}\n" for a, _ in PAIRS), encoding="utf-8")
    (data / "tatoeba.fra-eng.eng").write_text("".join(f"{b}\n" for _, b in PAIRS), encoding="utf-8")
    out = tmp_path / "acc.json"
    code, stdout, stderr = bitext("eval", "tatoeba", "--dir", data, "--json", out)
    assert code == 0, stderr
    (fra,) = json.loads(out.read_text())["languages"]
    assert fra["lang"] == "fra" and fra["n"] == len(PAIRS)
    assert min(fra["cosine_fwd"], fra["cosine_bwd"], fra["margin_fwd"], fra["margin_bwd"]) >= 0.9
    assert "| fra |" in stdout and "mean" in stdout


def test_tatoeba_without_matching_files_is_a_one_line_error(bitext, tmp_path):
    code, _, stderr = bitext("eval", "tatoeba", "--dir", tmp_path, "--langs", "deu")
    assert code == 2 and "no tatoeba.XXX-eng.XXX files for deu" in stderr
