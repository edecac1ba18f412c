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


def test_option_values_are_checked_by_the_model(tmp_path, bitext):
    code, _, err = bitext("filter", "--pairs", tmp_path / "p.parquet", "--out", tmp_path / "o.parquet",
                          "--max-similarity", "1.5")
    assert code == 2 and err.startswith("error: invalid option --max-similarity: ") and err.count("\n") == 1


def test_none_turns_an_optional_rule_off():
    from bitext_cli.options import build, given

    options = {"max_length_ratio": "none", "numbers_match": False, "min_chars": None}
    cfg = build(PairFilterConfig, given(PairFilterConfig, options))
    assert cfg.max_length_ratio is None and cfg.numbers_match is False and cfg.min_chars == 3
