"""`bitext`: the command line over the library (one-off stages) and the flow (`bitext run`)."""

from bitext_cli import embed, eval, export, filter, mine, run, serve, shard  # noqa: F401  (registers the commands)
from bitext_cli.app import cli, main

__all__ = ["cli", "main"]
