"""Test-wide settings: offline, Prefect state kept out of the user's home, and the fast/slow markers.

Markers (registered in pyproject.toml) are put on tests here, by where they live and what they
use, so test files carry none:

- `flow`: every test under tests/flows/ (a Prefect flow, the test server, `bitext run` processes).
- `model`: a test that loads a real sentence encoder (muse, sentence-transformers, torch models):
  one that uses the `muse` fixture, directly or through another fixture; every test in
  tests/pipeline/encoders/ except the modules in ENCODER_MODULES_WITHOUT_MODEL; and the tests
  in MODEL_TESTS, which load muse through the command line without the fixture.

`make test` runs everything; `make test-fast` (`pytest -m "not flow and not model"`) the rest,
in well under a minute. A new test that loads a model should use the `muse` fixture (or, for
the toy flow-shape runs, `encoder: hashing`, which loads nothing); otherwise add it above.
"""

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


FLOW_DIR = "tests/flows/"
ENCODERS_DIR = "tests/pipeline/encoders/"
ENCODER_MODULES_WITHOUT_MODEL = {"test_hashing.py", "test_batching.py", "test_calibration.py", "test_laser.py",
                                 "test_muse_cpu.py", "test_onnx_graph.py"}
MODEL_FIXTURES = {"muse"}
MODEL_TESTS = (     # "module.py::test-name prefix", in any directory: `bitext mine` / `embed` with the default encoder
    "test_cli.py::test_mine_",
    "test_cli.py::test_embed_command",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.path).resolve().relative_to(REPO).as_posix()
        if path.startswith(FLOW_DIR):
            item.add_marker(pytest.mark.flow)
        module = Path(path).name
        if (MODEL_FIXTURES & set(item.fixturenames) or f"{module}::{item.name}".startswith(MODEL_TESTS)
                or (path.startswith(ENCODERS_DIR) and module not in ENCODER_MODULES_WITHOUT_MODEL)):
            item.add_marker(pytest.mark.model)


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
    from bitext_cli import main

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
