import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from ..conftest import SAMPLE


@pytest.fixture(scope="session", autouse=True)
def prefect_server():
    """A throwaway Prefect server and database, stopped before pytest closes its streams."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def bitext_env(prefect_server):
    """Environment for `bitext` subprocesses: they use the test server instead of starting their own."""
    from prefect.client.orchestration import get_client

    return {**os.environ, "PREFECT_API_URL": str(get_client(sync_client=True).api_url).rstrip("/")}


def run_bitext(args: list[str], env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "bitext"), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)


def small_config(tmp_path: Path, extra: str = "", en_files: tuple[str, ...] = ("news.txt",)) -> Path:
    """German and English from the sample crawl, the English as files in a directory of their own.

    Embedded with the toy `hashing` encoder: these tests are about the shape of a run (what is skipped,
    resumed, distributed), not about which pairs a real model finds, so they need no model."""
    en = tmp_path / "en"
    en.mkdir(exist_ok=True)
    for name in en_files:
        shutil.copy(SAMPLE / "en" / "news.txt", en / name)
    config = tmp_path / "run.yaml"
    config.write_text(f"workdir: work\nlanguages:\n  de: {{inputs: [{SAMPLE / 'de'}]}}\n  en: {{inputs: [en]}}\n"
                      f"pairs: [de-en]\nshard: {{max_rows_per_shard: 20}}\nembed: {{encoder: hashing}}\n{extra}")
    return config


def assert_same_mining(a: Path, b: Path, names=("pairs.parquet", "candidates.parquet", "filtered.parquet")) -> None:
    """The same pairs and candidates in two pair directories: ids and texts exactly, scores to float32
    rounding (BLAS sums may differ in the last bits between processes with other thread counts)."""
    for name in names:
        x, y = pq.read_table(a / name), pq.read_table(b / name)
        assert x.column_names == y.column_names and x.num_rows == y.num_rows, name
        for column in x.column_names:
            if column in ("score", "cosine", "quality"):
                got, want = x[column].to_numpy(), y[column].to_numpy()   # nulls (margin runs' quality): NaN
                assert np.allclose(got, want, atol=1e-5, equal_nan=True), (name, column)
            elif column.endswith("_source"):    # crawl files of runs in different directories: the same names
                assert [Path(p).name for p in x[column].to_pylist()] == [Path(p).name for p in y[column].to_pylist()]
            else:
                assert x[column] == y[column], (name, column)
