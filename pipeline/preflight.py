"""Checks that run before a flow starts, so a typo costs a one-line error, not a failed run.

The config checks its own keys and settles its decision defaults when loaded; this adds what a
config cannot know: files on disk (inputs, the LID model, the encoder's weights), the device, and a
work directory another run may hold.
"""

from pathlib import Path

from pipeline.config import RunConfig, load_config
from pipeline.encoders import check_encoder
from pipeline.errors import BitextError
from pipeline.language_id import default_model_path
from pipeline.lock import check_unlocked
from pipeline.text.readers import expand_inputs


def check_run(config: Path, workdir: Path | None = None) -> RunConfig:
    """The config, its files and its device checked, and its work directory free for this run."""
    cfg = check_config(config, workdir)
    check_unlocked(cfg.workdir)
    return cfg


def check_config(config: Path, workdir: Path | None = None) -> RunConfig:
    """What is there or not whenever a run of `config` starts: `bitext serve` checks it once, up front,
    while the lock is each run's own to check (a run in progress at serve time is no error)."""
    cfg = load_config(config, workdir)
    try:
        check_encoder(cfg.embed.encoder, cfg.embed.device)
    except BitextError as exc:
        raise BitextError(f"{config}: embed: {exc}") from None
    model = cfg.lid.model or default_model_path()
    if not Path(model).is_file():
        raise BitextError(f"{config}: lid.model {model} does not exist")
    for lang, lang_cfg in cfg.languages.items():
        files = expand_inputs(lang_cfg.inputs)
        if all(f.stat().st_size == 0 for f in files):
            raise BitextError(f"{config}: every input of language '{lang}' is empty")
    return cfg
