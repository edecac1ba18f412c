"""LASER files that are missing or are not LASER checkpoints: one-line errors naming the file, nothing run."""

import argparse
import os

import pytest
import torch

from pipeline.encoders import canonical_encoder_name, get_encoder
from pipeline.encoders.laser import LaserEncoder, weight_files
from pipeline.encoders.laser_checkpoint import load_checkpoint, read_vocabulary
from pipeline.errors import BitextError

from .laser_models import write_laser2


def test_laser_names():
    assert canonical_encoder_name("laser2") == "laser2"
    assert canonical_encoder_name("laser3:wol_Latn") == "laser3:wol_Latn"
    with pytest.raises(BitextError, match="unknown encoder 'laser3:'"):
        canonical_encoder_name("laser3:")


@pytest.mark.parametrize("name, missing", [
    ("laser2", ["laser2.pt", "laser2.spm"]),
    ("laser3:wol_Latn", ["laser2.cvocab", "laser2.spm", "laser3-wol_Latn.v1.pt"]),
    ("laser3:amh_Ethi", ["laser3-amh_Ethi.v1.cvocab", "laser3-amh_Ethi.v1.pt", "laser3-amh_Ethi.v1.spm"]),
])
def test_missing_files_fail_at_once_naming_them_the_directory_and_where_they_are_published(
        tmp_path, monkeypatch, name, missing):
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError) as err:
        get_encoder(name, "cpu").encode(["Bonjour."])
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: {', '.join(missing)} not found in {tmp_path} (LASER_MODEL_DIR)")
    for file in missing:
        assert f"https://dl.fbaipublicfiles.com/nllb/laser/{file}" in message


def test_without_laser_model_dir_the_error_names_the_default_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("LASER_MODEL_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(BitextError, match=r"not found in \S+/\.cache/laser_encoders \(LASER_MODEL_DIR unset"):
        LaserEncoder(device="cpu").encode(["Bonjour."])


def test_only_a_missing_piece_is_named(tmp_path, monkeypatch):
    write_laser2(tmp_path / "laser2.pt", ["▁a", "b"])
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError, match=r"^laser2: laser2\.spm not found in"):
        LaserEncoder(device="cpu").encode(["Bonjour."])


def test_laser3_uses_its_own_spm_when_present_else_laser2s_unless_it_has_one(tmp_path):
    (tmp_path / "laser3-wol_Latn.v1.spm").touch()
    files = weight_files(tmp_path, "wol_Latn")
    assert files["spm"].name == "laser3-wol_Latn.v1.spm" and files["cvocab"].name == "laser2.cvocab"
    assert weight_files(tmp_path, "amh_Ethi")["spm"].name == "laser3-amh_Ethi.v1.spm"   # published with its own
    assert weight_files(tmp_path, None)["spm"].name == "laser2.spm"


def refused(path) -> str:
    with pytest.raises(BitextError) as err:
        load_checkpoint(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: not a LASER checkpoint: ")
    return message


class RunsCode:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)


def test_a_pickle_that_would_run_code_is_refused_by_name_and_not_run(tmp_path):
    marker = tmp_path / "ran"
    torch.save({"params": RunsCode(marker), "model": {}, "dictionary": {}}, tmp_path / "laser2.pt")
    assert "asks to unpickle posix.mkdir" in refused(tmp_path / "laser2.pt")
    assert not marker.exists()


@pytest.mark.parametrize("content, why", [
    (b"<html>Not Found</html>", "not a torch checkpoint"),
    ({"state_dict": {}}, "it has keys ['state_dict'], not 'params', 'model' and 'dictionary' (LASER2)"),
    ([1, 2], "it holds a list"),
    ({"params": {"num_embeddings": 9, "padding_idx": 1, "vocab": 3}, "model": {}, "dictionary": {}},
     "its 'params' must be BiLSTM arguments"),
    ({"params": {"num_embeddings": 9, "padding_idx": 1}, "model": {}, "dictionary": {"a": 12}},
     "its dictionary has index 12 but the embedding only 9 rows"),
    ({"params": {"num_embeddings": 9, "padding_idx": 1}, "model": {"w": [1.0]}, "dictionary": {}},
     "its 'model' entry is not a mapping of names to tensors"),
    ({"cfg": {"model": None}, "model": {}}, "its 'cfg' has no 'model' hyperparameters"),
])
def test_files_of_other_layouts_are_refused_by_name(tmp_path, content, why):
    path = tmp_path / "laser2.pt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        torch.save(content, path)
    assert why in refused(path)


def test_weights_that_do_not_fit_the_hyperparameters_are_refused_by_name(tmp_path, monkeypatch):
    path = write_laser2(tmp_path / "laser2.pt", ["▁a", "b"], hidden_size=8)
    state = torch.load(path, weights_only=True)
    state["params"]["hidden_size"] = 10
    torch.save(state, path)
    (tmp_path / "laser2.spm").touch()   # never read: the checkpoint is refused first
    monkeypatch.setenv("LASER_MODEL_DIR", str(tmp_path))
    with pytest.raises(BitextError, match=rf"^{path}: not a LASER checkpoint: its weights do not match its "
                                          r"hyperparameters \(.*size mismatch"):
        LaserEncoder(device="cpu").encode(["Bonjour."])


def test_checkpoints_read_in_torchs_legacy_format_and_with_a_namespace_config(tmp_path):
    legacy = write_laser2(tmp_path / "old.pt", ["▁a", "b"], legacy_format=True)
    assert load_checkpoint(legacy).kind == "lstm"
    config = argparse.Namespace(encoder_embed_dim=8, prepend_bos=True)
    torch.save({"cfg": {"model": config}, "model": {"version": torch.ones(1)}}, tmp_path / "t.pt")
    checkpoint = load_checkpoint(tmp_path / "t.pt")
    assert checkpoint.kind == "transformer" and checkpoint.config["prepend_bos"] is True


def test_fairseq_dictionaries_index_after_the_specials_with_overwrites_and_mask(tmp_path):
    path = tmp_path / "v.cvocab"
    path.write_text("▁the 120\n, 90\n▁the 3 #fairseq:overwrite\nwith space 2\n")
    assert read_vocabulary(path, add_mask=True) == {
        "<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, ",": 5, "▁the": 6, "with space": 7, "<mask>": 8}


@pytest.mark.parametrize("text, line", [("▁a 1\n▁a 2\n", 2), ("▁a 1\nno-count\n", 2), ("▁a x\n", 1), ("\n", 1)])
def test_malformed_dictionary_lines_are_named(tmp_path, text, line):
    path = tmp_path / "v.cvocab"
    path.write_text(text)
    with pytest.raises(BitextError, match=rf"^{path}:{line}: not a fairseq dictionary line"):
        read_vocabulary(path, add_mask=False)
