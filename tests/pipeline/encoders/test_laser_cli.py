"""`bitext embed --encoder laser2` and `bitext eval tatoeba --encoder laser2` against a LASER-format directory."""

from pathlib import Path

import numpy as np
import pytest

from pipeline.encoders import get_encoder
from pipeline.encoders.laser import LaserEncoder
from tests.conftest import run_cli

from .laser_models import model_dir

ROWS = [line.split("\t") for line in (Path(__file__).parent / "data" / "muse_languages.tsv").read_text().splitlines()]
TEXTS = [text for _, text in ROWS]


@pytest.fixture
def laser_dir(tmp_path_factory, monkeypatch):
    directory = model_dir(tmp_path_factory.mktemp("laser"), TEXTS * 3)
    monkeypatch.setenv("LASER_MODEL_DIR", str(directory))
    get_encoder.cache_clear()       # encoders are cached per process: none may keep another test's directory
    yield directory
    get_encoder.cache_clear()


def test_embed_command_with_laser2_writes_its_vectors(laser_dir, tmp_path, capsys):
    src = tmp_path / "s.txt"
    src.write_text("\n".join(TEXTS[:6]) + "\n\n" + TEXTS[6] + "\n")
    code, out, err = run_cli(["embed", "--encoder", "laser2", "--device", "cpu", "--input", src,
                              "--out", tmp_path / "e.npy", "--dtype", "float32"], capsys)
    assert code == 0, err
    assert "blank_text_zero_vector: 1" in out
    vectors = np.load(tmp_path / "e.npy")
    expected = LaserEncoder(device="cpu").encode(TEXTS[:6] + ["", TEXTS[6]])
    assert vectors.shape == expected.shape == (8, 24)     # 2 x hidden size 12 of the generated BiLSTM
    assert np.allclose(vectors, expected, atol=1e-6) and not vectors[6].any()


def test_eval_tatoeba_accepts_laser2(laser_dir, tmp_path, capsys):
    data = tmp_path / "tatoeba"
    data.mkdir()
    (data / "tatoeba.fra-eng.fra").write_text("\n".join(TEXTS[:8]) + "\n")
    (data / "tatoeba.fra-eng.eng").write_text("\n".join(TEXTS[8:16]) + "\n")
    code, out, err = run_cli(["eval", "tatoeba", "--dir", data, "--encoder", "laser2", "--device", "cpu",
                              "--json", tmp_path / "t.json"], capsys)
    assert code == 0, err
    assert "encoder laser2" in out and "| fra | 8 |" in out
