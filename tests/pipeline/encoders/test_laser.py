"""LASER without its weights: a one-line error naming the directory, the files and the fix."""

import pytest

from pipeline.encoders import canonical_encoder_name, get_encoder
from pipeline.encoders.laser import weight_files
from pipeline.errors import BitextError


def test_laser_names():
    assert canonical_encoder_name("laser2") == "laser2"
    assert canonical_encoder_name("laser3:wol_Latn") == "laser3:wol_Latn"
    with pytest.raises(BitextError, match="unknown encoder 'laser3:'"):
        canonical_encoder_name("laser3:")


@pytest.mark.parametrize("name, fetch, missing", [
    ("laser2", "--laser laser2", "laser2.cvocab, laser2.pt, laser2.spm"),
    ("laser3:wol_Latn", "--laser laser3 --lang wol_Latn", "laser2.cvocab, laser2.spm, laser3-wol_Latn.v1.pt"),
])
def test_missing_weights_fail_at_once_with_how_to_provide_them(tmp_path, monkeypatch, name, fetch, missing):
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError) as err:
        get_encoder(name, "cpu").encode(["Bonjour."])
    message = str(err.value)
    assert "\n" not in message
    assert f"weights not found in {tmp_path} (missing {missing})" in message
    assert fetch in message and "LASER_MODEL_DIR" in message


def test_laser3_uses_its_own_spm_when_present(tmp_path):
    (tmp_path / "laser3-wol_Latn.v1.spm").touch()
    files = weight_files(tmp_path, "wol_Latn")
    assert files["spm"].name == "laser3-wol_Latn.v1.spm" and files["cvocab"].name == "laser2.cvocab"


def test_weights_present_but_package_missing_names_the_extra(tmp_path, monkeypatch):
    import importlib.util

    if importlib.util.find_spec("laser_encoders"):
        pytest.skip("laser_encoders is installed here")
    for name in ("laser2.pt", "laser2.spm", "laser2.cvocab"):
        (tmp_path / name).touch()
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError, match=r"laser2 needs the optional LASER extra: pip install '\S+\[laser\]'"):
        get_encoder("laser2", "cpu").encode(["Bonjour."])
