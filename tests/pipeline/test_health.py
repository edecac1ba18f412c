"""Warnings for a language whose run looks broken, from synthetic funnels and from a real run of a broken input."""

import gzip

from pipeline.config import load_config
from pipeline.health import LanguageWarning, language_warnings
from pipeline.plan import Plan, mine_all
from pipeline.report import write_report
from pipeline.summary import FunnelRow
from pipeline.text.scripts import density
from pipeline.work import run_in_process

from ..conftest import SAMPLE


def row(stage, lang, rows_in, drops):
    return FunnelRow(stage, lang, 1, rows_in, rows_in - sum(drops.values()), drops)


def test_a_language_mostly_dropped_as_too_short_or_by_language_id_is_flagged_with_its_numbers():
    funnel = [row("shard", "th", 1000, {"too_short": 420, "too_few_words": 200, "boilerplate": 200}),
              row("shard", "en", 1000, {"too_short": 40, "boilerplate": 700}),   # a crawl's boilerplate: normal
              row("lid", "de", 200, {"lid_wrong_language": 120, "lid_low_score": 30}),
              row("lid", "en", 200, {"lid_wrong_language": 20}),
              row("mine", "th-en", 5000, {"below_threshold": 4900})]     # mining drops most candidates: normal
    warnings = language_warnings(funnel, {})
    assert [(w.lang, w.sign) for w in warnings] == [("th", "drops"), ("de", "drops")]
    assert warnings[0].message.startswith("shard dropped 78% of its sentences as too short (620 of the 800 that "
                                          "were not boilerplate or duplicates: too_short 420, too_few_words 200)")
    assert "segmentation" in warnings[0].message
    assert warnings[1].message.startswith("language ID dropped 75% of its sentences (150 of 200: "
                                          "lid_wrong_language 120, lid_low_score 30)")


def test_a_median_length_far_from_the_other_languages_is_flagged_but_chinese_is_not():
    lengths = {"en": 95.0, "de": 110.0, "zh": 38.0, "ja": 55.0, "th": 12.0}
    warnings = language_warnings([], lengths)
    assert [w.lang for w in warnings] == ["th"]
    assert warnings[0].sign == "length" and "median sentence 12 characters" in warnings[0].message
    assert density("zh") > density("ja") > density("en") == 1.0
    assert language_warnings([], {"en": 95.0}) == []                       # nothing to compare with


def test_a_run_with_a_language_cut_into_fragments_warns_in_summary_and_report(tmp_path):
    lines = gzip.decompress((SAMPLE / "de" / "crawl.txt.gz").read_bytes()).decode().splitlines()
    words = [w for line in lines for w in line.split()]
    (tmp_path / "de.txt").write_text("\n".join(lines + words) + "\n")   # split at every space, as Thai once was
    (tmp_path / "run.yaml").write_text(
        f"workdir: work\nlanguages: {{de: {{inputs: [{tmp_path / 'de.txt'}]}}, en: {{inputs: [{SAMPLE / 'en'}]}}}}\n"
        "pairs: [de-en]\nembed: {encoder: hashing}\n")
    plan = Plan.of(load_config(tmp_path / "run.yaml"))
    summary = write_report(plan.layout, mine_all(plan, run_in_process))
    assert [(w.lang, w.sign) for w in summary.warnings] == [("de", "drops")]
    drops = summary.row("shard", "de").drops
    short, base = drops["too_short"] + drops["too_few_words"], summary.row("shard", "de").rows_in - drops[
        "boilerplate"] - drops.get("duplicate", 0)
    message = f"shard dropped {short / base:.0%} of its sentences as too short ({short} of the {base} that"
    assert short >= 0.5 * base and summary.warnings[0].message.startswith(message)
    report = plan.layout.report_path.read_text()
    assert "## Warnings" in report and f"- **de**: {message}" in report
    assert {r.lang for r in summary.funnel if r.stage in ("lid", "embed")} == {"de", "en"}   # languages, not files
    assert "| embed | de |" in report
    assert summary.to_dict()["warnings"] == [LanguageWarning("de", "drops", summary.warnings[0].message).to_dict()]
