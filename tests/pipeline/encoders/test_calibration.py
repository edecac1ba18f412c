import pytest

from pipeline.config import MineConfig
from pipeline.encoders.calibration import ENV_VAR, UNCALIBRATED, calibration_for, write_calibration
from pipeline.errors import BitextError
from pipeline.mining.features import FEATURES


@pytest.fixture
def defaults_file(tmp_path, monkeypatch):
    path = tmp_path / "encoders.yaml"
    monkeypatch.setenv(ENV_VAR, str(path))
    calibration_for.cache_clear()
    yield path
    calibration_for.cache_clear()


def test_shipped_defaults_give_muse_a_learned_scorer_and_a_margin_fallback():
    cal = calibration_for("muse")
    assert cal.scoring == "learned" and cal.scorer is not None and len(cal.scorer.weights) == len(FEATURES)
    assert 1.0 < cal.margin.threshold < 1.3 and 0 < cal.learned.threshold < 1


def test_resolved_config_takes_unset_values_from_the_calibration():
    cal = calibration_for("muse")
    learned = MineConfig().settled("muse")
    assert (learned.scoring, learned.threshold, learned.min_cosine) == (
        "learned", cal.learned.threshold, cal.learned.min_cosine)
    margin = MineConfig(scoring="margin", min_cosine=0.2).settled("muse")
    assert (margin.threshold, margin.min_cosine) == (cal.margin.threshold, 0.2)
    assert MineConfig().settled("muse").describe().startswith("learned quality >= ")


def test_uncalibrated_encoders_fall_back_to_lasers_margin():
    cfg = MineConfig().settled("sentence-transformers:my/model")
    assert (cfg.scoring, cfg.threshold, cfg.min_cosine) == ("margin", 1.06, -1.0)
    assert calibration_for(None) == UNCALIBRATED
    with pytest.raises(BitextError, match="no learned scorer is calibrated for encoder"):
        MineConfig(scoring="learned").settled("sentence-transformers:my/model")


def test_written_entries_are_read_back_and_keep_the_others(defaults_file):
    write_calibration("labse", {"scoring": "margin", "margin": {"threshold": 1.2, "min_cosine": 0.6}}, how="by hand")
    write_calibration("muse", {"margin": {"threshold": 1.1, "min_cosine": 0.5}}, how="test")
    assert "# by hand" in defaults_file.read_text()
    assert calibration_for("sentence-transformers:sentence-transformers/LaBSE").margin.threshold == 1.2
    assert calibration_for("muse").margin.threshold == 1.1


@pytest.mark.parametrize("content, message", [
    ("muse: {margin: {threshold: 1.1}}\n", "entry 'muse' is malformed"),
    ("muse: [unclosed\n", "not valid YAML"),
    ("muse: {margin: {threshold: .nan, min_cosine: 0.5}}\n", "entry 'muse' is malformed .*not a finite number"),
])
def test_bad_defaults_file_is_a_one_line_error_naming_it(defaults_file, content, message):
    defaults_file.write_text(content)
    with pytest.raises(BitextError, match=message):
        calibration_for("muse")


def test_missing_defaults_file_says_how_to_go_on(defaults_file):
    with pytest.raises(BitextError, match="encoder defaults file not found; set mine.threshold"):
        calibration_for("muse")
