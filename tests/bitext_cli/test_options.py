"""Every command offers every key of the config sections it takes, with the models' own defaults."""

import pytest

from bitext_cli import cli
from bitext_cli.options import fields, flag, shown_default
from pipeline.config import EmbedConfig, IndexConfig, LidConfig, MineConfig, PairFilterConfig, ShardConfig

# (command path, model, option prefix, fields offered another way)
MIRRORS = [
    (("filter",), PairFilterConfig, "", ()),
    (("embed",), EmbedConfig, "", ()),
    (("shard",), ShardConfig, "", ()),
    (("shard",), LidConfig, "lid", ()),
    (("mine",), EmbedConfig, "", ()),
    (("mine",), MineConfig, "", ("device",)),        # --device: the encoder's and the search's
    (("mine",), IndexConfig, "index", ()),
    (("mine",), LidConfig, "lid", ("filter",)),       # --lid drops; label-only means nothing here
    (("eval", "bucc"), MineConfig, "", ("device",)),
    (("eval", "bucc"), IndexConfig, "index", ()),
    (("eval", "bucc"), EmbedConfig, "", ()),
    (("eval", "tatoeba"), EmbedConfig, "", ()),
]


def _command(path):
    command = cli
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path, model, prefix, elsewhere", MIRRORS,
                         ids=[f"{' '.join(p)}-{m.__name__}" for p, m, _, _ in MIRRORS])
def test_command_mirrors_its_config(path, model, prefix, elsewhere):
    options = {opt: param for param in _command(path).params for opt in param.opts}
    for name, info in fields(model, elsewhere).items():
        param = options.get(flag(name, prefix))
        assert param is not None, f"bitext {' '.join(path)} lacks {flag(name, prefix)} ({model.__name__}.{name})"
        assert param.default is None      # unset stays unset: the model's default (or calibration) applies
        shown = shown_default(info)
        assert shown is None or f"[default: {shown}]" in param.help, (name, param.help)


def test_filter_help_names_each_rule_and_its_option(bitext):
    from pipeline.mining.filters import PAIR_FILTERS

    code, out, _ = bitext("filter", "--help")
    assert code == 0
    for rule in PAIR_FILTERS:
        if rule.option is not None:
            assert f"{flag(rule.option.name)}" in out and rule.name in " ".join(out.split()), rule.name


def test_option_values_are_checked_against_the_model_bounds(tmp_path, bitext):
    (tmp_path / "p.parquet").touch()
    code, _, err = bitext("filter", "--pairs", tmp_path / "p.parquet", "--out", tmp_path / "o.parquet",
                          "--max-similarity", "1.5")
    assert code == 2 and err.count("\n") == 1
    assert err == "error: invalid option --max-similarity: 1.5 is not in the range 0.0<x<=1.0.\n"


def test_every_bounded_field_gives_its_bounds_to_its_option():
    """One declaration: each gt/ge/lt/le of a config field is the click range of its option."""
    import click

    from bitext_cli.options import field_type

    checked = 0
    for model in (EmbedConfig, IndexConfig, LidConfig, MineConfig, PairFilterConfig, ShardConfig):
        for name, info in fields(model).items():
            kind = field_type(info)
            kind = getattr(kind, "inner", kind)
            for rule in info.metadata:
                for attr, end, open_ in (("gt", "min", True), ("ge", "min", False), ("lt", "max", True),
                                         ("le", "max", False)):
                    if hasattr(rule, attr):
                        assert isinstance(kind, click.types._NumberRangeBase), (model.__name__, name)
                        assert getattr(kind, end) == getattr(rule, attr), (model.__name__, name)
                        assert getattr(kind, f"{end}_open") is open_, (model.__name__, name)
                        checked += 1
    assert checked > 30


def test_none_turns_an_optional_rule_off_and_unset_options_keep_the_defaults(tmp_path):
    from bitext_cli.options import build, given

    command = _command(("filter",))
    (tmp_path / "p").touch()
    ctx = command.make_context("filter", ["--pairs", str(tmp_path / "p"), "--out", "o", "--max-length-ratio", "none",
                                          "--no-numbers-match"])
    cfg = build(PairFilterConfig, given(PairFilterConfig, dict(ctx.params)))
    assert cfg.max_length_ratio is None and cfg.numbers_match is False and cfg.min_chars == 3


def test_a_rule_across_options_is_a_one_line_error(tmp_path, bitext):
    code, _, err = bitext("shard", "--lang", "de", "--min-chars", "10", "--max-chars", "5", "--out", tmp_path / "o",
                          tmp_path / "x.txt")
    assert code == 2 and err == "error: invalid options: min_chars is larger than max_chars\n"


def test_options_of_a_step_that_is_off_are_refused(tmp_path, bitext):
    code, _, err = bitext("shard", "--lang", "de", "--no-lid", "--lid-threshold", "0.3", "--out", tmp_path / "o",
                          tmp_path / "x.txt")
    assert code == 2 and "--lid-threshold would be ignored" in err
