"""Test-wide settings: offline, and Prefect state kept out of the user's home."""

import atexit
import os
import shutil
import tempfile

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="bitext-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"


@pytest.fixture(scope="session")
def muse():
    """The default encoder, loaded once for the whole session."""
    from pipeline.encoders import get_encoder

    return get_encoder("muse")


@pytest.fixture
def gold():
    """The translation pairs hidden in sample_data, as {(src_text, tgt_text)} for a pair name."""

    def read(pair: str) -> set[tuple[str, str]]:
        lines = (SAMPLE / "gold" / f"{pair}.tsv").read_text(encoding="utf-8").splitlines()
        return {tuple(line.split("\t")) for line in lines}

    return read


def run_cli(args, capsys) -> tuple[int, str, str]:
    """Run `bitext ARGS` in-process through the script's entry point: (exit status, stdout, stderr)."""
    from pipeline.cli import main

    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def bitext(capsys):
    """`bitext(*args)`: run_cli with this test's capsys."""
    return lambda *args: run_cli(args, capsys)
