"""The mining options shared by `bitext mine` and `bitext eval bucc`: every MineConfig and IndexConfig key."""

from bitext_cli.options import build, given, model_options
from pipeline.config import IndexConfig, MineConfig

# mine.device is the --device of the command (the encoder's and the search's, as in a run config
# where both default to auto).
MINE_EXCLUDE = ("device",)


def mining_options(command):
    command = model_options(IndexConfig, prefix="index", aliases={"kind": ("--index",)})(command)
    return model_options(MineConfig, exclude=MINE_EXCLUDE, aliases={"k": ("-k",)})(command)


def mine_config(options: dict, device: str) -> MineConfig:
    """The MineConfig the options give (not yet settled: that needs the encoder), popped from `options`."""
    index = given(IndexConfig, options, "index")
    values = {**given(MineConfig, options, exclude=MINE_EXCLUDE), "device": device}
    return build(MineConfig, {**values, **({"index": index} if index else {})})
