from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.config import load_config
from pipeline.errors import BitextError

GOOD = """
workdir: out
languages:
  de: {inputs: [crawl/de.txt]}
  eng: {inputs: [crawl/en.txt]}
pairs: [deu-en]
mine: {k: 8}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(text)
    return path


def test_good_config_resolves_languages_and_paths_relative_to_the_file(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    assert set(cfg.languages) == {"de", "en"}
    assert cfg.language_pairs() == [("de", "en")]
    assert cfg.languages["de"].inputs == [str(tmp_path / "crawl/de.txt")]
    assert cfg.workdir == tmp_path / "out"
    assert cfg.mine.k == 8 and cfg.shard.max_chars == 1000  # given and default


def test_paths_are_the_same_whichever_directory_the_config_is_named_from(tmp_path, monkeypatch):
    """Manifests record input paths: a relative config path must not make them differ from an absolute one."""
    path = write(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path)
    relative = load_config("run.yaml")
    assert relative == load_config(path)
    assert relative.workdir.is_absolute() and all(Path(p).is_absolute() for p in relative.languages["de"].inputs)
    models = load_config(write(tmp_path, GOOD + "lid: {model: m/lid.ftz}\nfilter: {lid_model: m/lid.ftz}\n"))
    assert models.lid.model == models.filter.lid_model == tmp_path / "m/lid.ftz"


def test_workdir_override_is_taken_as_given(tmp_path):
    cfg = load_config(write(tmp_path, GOOD), workdir="elsewhere")
    assert cfg.workdir == Path("elsewhere")


def test_config_is_frozen(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    with pytest.raises(ValidationError, match="frozen"):
        cfg.mine.k = 3


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("mine: {k: 8}", "mine: {kk: 8}"), "unknown key 'mine.kk'"),
    (GOOD + "embedd: {}\n", "unknown key 'embedd'"),
    (GOOD.replace("mine: {k: 8}", "mine: {k: 0}"), "key 'mine.k': Input should be greater than 0 (got 0)"),
    (GOOD.replace("mine: {k: 8}", "mine: {margin: cubic}"), "key 'mine.margin'"),
    (GOOD.replace("pairs: [deu-en]", "pairs: [fr-en]"), "pair 'fr-en' uses 'fr', which is not under 'languages'"),
    (GOOD.replace("workdir: out\n", ""), "missing key 'workdir'"),
    (GOOD.replace("de: {", "xx: {"), "unknown language code 'xx'"),
    ("- just\n- a list\n", "must be a mapping"),
    ("workdir: [unclosed\n", "not valid YAML"),
    (GOOD.replace("mine: {k: 8}", "mine: {margin: distance, scoring: margin}"),
     "mine.threshold must be set for the distance margin"),
    (GOOD.replace("mine: {k: 8}", "embed: {encoder: labse}\nmine: {scoring: learned}"),
     "mine.scoring: no learned scorer is calibrated for encoder 'labse'"),
    (GOOD.replace("mine: {k: 8}", "embed: {encoder: laser9}"), "key 'embed.encoder': unknown encoder 'laser9'"),
    (GOOD.replace("mine: {k: 8}", "mine: {calibration: laser9}"), "key 'mine.calibration': unknown encoder 'laser9'"),
])
def test_bad_config_is_one_line_error_naming_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(BitextError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(BitextError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_loaded_config_is_settled_for_its_encoder(tmp_path):
    """Decision defaults are resolved at load, so every entry point sees the same keep rule."""
    cfg = load_config(write(tmp_path, GOOD))
    assert (cfg.mine.scoring, cfg.mine.calibration) == ("learned", "muse")
    assert cfg.mine.threshold is not None and cfg.mine.min_cosine is not None
    assert cfg.mine.settled("muse") == cfg.mine
    bare = load_config(write(tmp_path, GOOD.replace("mine: {k: 8}\n", "")))   # no mine section at all
    assert (bare.mine.scoring, bare.mine.calibration) == ("learned", "muse")


def test_sample_config_is_valid():
    cfg = load_config(Path(__file__).resolve().parents[2] / "configs" / "sample.yaml")
    assert set(cfg.languages) == {"en", "de", "fr", "es"}
    assert ("de", "fr") in cfg.language_pairs()
