import lzma

import numpy as np
import pyarrow.parquet as pq
import pytest
import zstandard

from pipeline.config import MineConfig
from pipeline.errors import BitextError
from pipeline.mining.files import mine_files, read_sentence_file

from .test_mine import noisy_copies


@pytest.fixture
def corpus(tmp_path):
    """Sentence files whose line i is embedded by row i; source line 3 is empty, target line 1 repeats line 0."""
    x, y = noisy_copies(n_src=12, n_tgt=10, dim=16, noise=0.3, seed=2)
    src = [f"source sentence {i}" for i in range(12)]
    tgt = [f"target sentence {i}" for i in range(10)]
    src[3], tgt[1] = "", tgt[0]
    paths = {"src": tmp_path / "a.txt", "tgt": tmp_path / "b.txt", "src_emb": tmp_path / "a.npy",
             "tgt_emb": tmp_path / "b.npy"}
    paths["src"].write_text("\n".join(src) + "\n")
    paths["tgt"].write_text("\n".join(tgt) + "\n")
    np.save(paths["src_emb"], x.astype(np.float16))
    np.save(paths["tgt_emb"], y)
    return paths


def test_precomputed_float16_and_float32_vectors_follow_the_kept_lines(corpus, tmp_path):
    out = tmp_path / "pairs.parquet"
    report = mine_files(("de", corpus["src"]), ("en", corpus["tgt"]), out, None,
                        MineConfig(threshold=1.0, min_cosine=-1.0), embeddings=(corpus["src_emb"], corpus["tgt_emb"]))
    table = pq.read_table(out)
    pairs = set(zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist()))
    # Row i of each file is line i: skipping source line 3 and target line 1 must not shift the rows.
    expected = {(f"source sentence {i}", f"target sentence {i}") for i in range(10) if i not in (1, 3)}
    assert expected <= pairs and report.pairs == len(pairs)


def test_row_count_mismatch_is_one_line_before_mining(corpus, tmp_path):
    np.save(corpus["tgt_emb"], np.ones((9, 16), np.float32))
    with pytest.raises(BitextError, match=r"b\.npy: 9 vectors but .*b\.txt has 10 lines"):
        mine_files(("de", corpus["src"]), ("en", corpus["tgt"]), tmp_path / "p.parquet", None, MineConfig(),
                   embeddings=(corpus["src_emb"], corpus["tgt_emb"]))
    assert not (tmp_path / "p.parquet").exists()


def test_bitext_mine_with_embeddings_needs_no_encoder(corpus, tmp_path, bitext):
    out = tmp_path / "pairs.parquet"
    files = ["--src-lang", "de", "--src", corpus["src"], "--tgt-lang", "en", "--tgt", corpus["tgt"], "--out", out]
    code, stdout, _ = bitext("mine", *files, "--src-emb", corpus["src_emb"], "--tgt-emb", corpus["tgt_emb"],
                             "--retrieval", "intersect", "--k-forward", "2", "--k-backward", "3")
    assert code == 0 and "ratio margin >= 1.060" in stdout and pq.read_table(out).num_rows >= 5
    code, _, err = bitext("mine", *files, "--src-emb", corpus["src_emb"])
    assert code == 2 and "--src-emb and --tgt-emb go together" in err


@pytest.mark.parametrize("suffix, compress", [
    (".xz", lzma.compress),
    (".zst", lambda data: zstandard.ZstdCompressor().compress(data)),
])
def test_compressed_sentence_files_read_like_plain_ones(corpus, tmp_path, suffix, compress):
    plain = read_sentence_file(corpus["src"], "de")
    packed = tmp_path / f"a.txt{suffix}"
    packed.write_bytes(compress(corpus["src"].read_bytes()))
    again = read_sentence_file(packed, "de")
    assert again.texts == plain.texts and np.array_equal(again.lines, plain.lines)
    packed.write_bytes(packed.read_bytes()[:-8])     # truncated stream
    with pytest.raises(BitextError, match=r"a.txt.* damaged or unreadable"):
        read_sentence_file(packed, "de")
