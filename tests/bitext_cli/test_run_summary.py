"""What `bitext run` prints at the end: the score that decided each pair, and the warnings of the run."""

import pyarrow as pa

from bitext_cli.run import render_run_summary
from pipeline.health import LanguageWarning
from pipeline.schemas import PAIRS, write_table
from pipeline.summary import Decision, PairFile, PairOutput, RunSummary


def _summary(tmp_path, scoring, quality):
    path = tmp_path / "pairs.parquet"
    write_table(pa.table({"src_lang": ["de"], "tgt_lang": ["en"], "src_id": pa.array([1], pa.uint64()),
                          "tgt_id": pa.array([2], pa.uint64()), "src_text": ["Guten Morgen."],
                          "tgt_text": ["Good morning."], "score": pa.array([1.234], pa.float32()),
                          "cosine": pa.array([0.8], pa.float32()), "quality": pa.array([quality], pa.float32())}),
                path, PAIRS)
    rule = "learned quality >= 0.268" if scoring == "learned" else "ratio margin >= 1.060"
    warning = LanguageWarning("th", "length", "median sentence 12 characters")
    pairs = {"de-en": PairOutput(PairFile.of(path))}
    return RunSummary(tmp_path, [], Decision("muse", scoring, 0.5, -1.0, rule), pairs, {}, warnings=[warning])


def test_the_summary_shows_the_learned_quality_that_decided(tmp_path):
    text = render_run_summary(_summary(tmp_path, "learned", 0.87))
    assert "best (learned quality 0.87, margin 1.23): 'Guten Morgen.' = 'Good morning.'" in text
    assert "Warning: th: median sentence 12 characters" in text


def test_the_summary_shows_the_margin_where_the_margin_decided(tmp_path):
    text = render_run_summary(_summary(tmp_path, "margin", None))
    assert "best (margin 1.23): 'Guten Morgen.'" in text and "quality" not in text
