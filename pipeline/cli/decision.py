"""The mining-decision options shared by `bitext mine` and `bitext eval bucc`."""

import click

from pipeline.cli.app import config_from_options


def DECISION(command):
    """--scoring, --threshold, --min-cosine, -k and --margin; unset ones take the encoder's calibration."""
    options = [
        click.option("--scoring", type=click.Choice(["margin", "learned"]), default=None,
                     help="Keep pairs by margin or by the learned scorer [default: the encoder's calibrated one]."),
        click.option("--threshold", type=float, default=None,
                     help="On the margin, or on the learned probability [default: calibrated]."),
        click.option("--min-cosine", type=float, default=None, help="Cosine floor [default: calibrated]."),
        click.option("-k", "k", type=int, default=4, show_default=True, help="Neighbours for the margin."),
        click.option("--margin", type=click.Choice(["ratio", "distance", "absolute"]), default="ratio",
                     show_default=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def mine_config(**options):
    """A MineConfig from command-line options, invalid values as one-line errors."""
    from pipeline.config import MineConfig

    return config_from_options(MineConfig, **options)
