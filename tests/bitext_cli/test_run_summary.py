"""What `bitext run` prints at the end: the score that decided each pair, and the warnings of the run."""

import pyarrow as pa

from bitext_cli.run import render_run_summary
from pipeline.health import LanguageWarning
from pipeline.report import render_markdown
from pipeline.schemas import PAIRS, write_table
from pipeline.summary import Decision, FunnelRow, PairFile, PairOutput, RunSummary


def _summary(tmp_path, scoring, quality, floor=0.5):
    path = tmp_path / "pairs.parquet"
    write_table(pa.table({"src_lang": ["de"], "tgt_lang": ["en"], "src_id": pa.array([1], pa.uint64()),
                          "tgt_id": pa.array([2], pa.uint64()), "src_text": ["Guten Morgen."],
                          "tgt_text": ["Good morning."], "score": pa.array([1.234], pa.float32()),
                          "cosine": pa.array([0.8], pa.float32()), "quality": pa.array([quality], pa.float32())}),
                path, PAIRS)
    rule = "learned quality >= 0.268" if scoring == "learned" else "ratio margin >= 1.060"
    warning = LanguageWarning("th", "length", "median sentence 12 characters")
    pairs = {"de-en": PairOutput(PairFile.of(path))}
    mined = FunnelRow("mine", "de-en", 1, 3, 1, {"below_threshold": 2}, values={"cosine_floor": floor})
    return RunSummary(tmp_path, [mined], Decision("muse", scoring, 0.5, 0.5, rule), pairs, {}, warnings=[warning])


def test_the_summary_shows_the_learned_quality_that_decided(tmp_path):
    text = render_run_summary(_summary(tmp_path, "learned", 0.87))
    assert "best (learned quality 0.87, margin 1.23): 'Guten Morgen.' = 'Good morning.'" in text
    assert "Warning: th: median sentence 12 characters" in text


def test_the_summary_shows_the_margin_where_the_margin_decided(tmp_path):
    text = render_run_summary(_summary(tmp_path, "margin", None))
    assert "best (margin 1.23): 'Guten Morgen.'" in text and "quality" not in text


def test_a_pair_whose_own_cosine_floor_applied_says_so_in_summary_and_report(tmp_path):
    own = _summary(tmp_path, "learned", 0.87, floor=0.432)
    assert "1 pairs, cosine >= 0.432 (the pair's own floor)" in render_run_summary(own)
    assert "| de-en | 1 | - | 0.432 |" in render_markdown(own, "scores.png")
    usual = _summary(tmp_path, "learned", 0.87)
    assert "own floor" not in render_run_summary(usual)
    assert "| de-en | 1 | - | 0.500 |" in render_markdown(usual, "scores.png")
