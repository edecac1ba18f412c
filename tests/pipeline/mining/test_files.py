import lzma

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from pipeline.config import LidConfig, MineConfig
from pipeline.errors import BitextError
from pipeline.lid import identify_shard
from pipeline.mining.files import mine_files, read_sentence_file
from pipeline.schemas import LID, SENTENCES, read_table, write_table
from pipeline.text.normalize import text_hash

from ..fasttext_model import write_lid_model
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


# Under this model: Russian in Cyrillic (p ~ 0.999), Russian in Latin letters, English, and Russian at p ~ 0.93.
RUSSIAN_LINES = ["привет как", "privet kak", "hello world", "привет как hello", "привет как как hello"]


@pytest.fixture
def glot_cfg(tmp_path):
    words = {"privet": "rus_Cyrl", "kak": "rus_Cyrl", "привет": "rus_Cyrl", "как": "rus_Cyrl",
             "hello": "eng_Latn", "world": "eng_Latn"}
    model = write_lid_model(tmp_path / "glot.bin", words, ["rus_Cyrl", "eng_Latn"])
    return LidConfig(model=model, threshold=0.5, thresholds={"rus": 0.95})


def test_mine_lid_keeps_exactly_what_the_lid_stage_keeps(tmp_path, glot_cfg):
    texts = RUSSIAN_LINES
    shard = write_table(pa.table({"sent_id": pa.array([text_hash(t) for t in texts], pa.uint64()), "text": texts,
                                  "source": ["x"] * len(texts), "doc_id": pa.array([0] * len(texts), pa.int64()),
                                  "position": pa.array(range(len(texts)), pa.int32())}),
                        tmp_path / "part-00000.parquet", SENTENCES)
    stage = identify_shard("ru", shard, tmp_path / "lid.parquet", glot_cfg)
    (tmp_path / "ru.txt").write_text("\n".join(texts) + "\n")
    read = read_sentence_file(tmp_path / "ru.txt", "ru", lid=glot_cfg)
    # The wrong script and the per-language threshold (0.95, not 0.5) apply to sentence files too.
    assert read.texts == read_table(tmp_path / "lid.parquet", LID).column("text").to_pylist() == [
        "привет как", "привет как как hello"]
    assert read.lines.tolist() == [0, 4]
    assert read.stats.drops == stage.drops == {"lid_wrong_script": 1, "lid_wrong_language": 1, "lid_low_score": 1}


def test_every_line_of_a_sentence_file_is_kept_or_dropped_once(tmp_path, glot_cfg):
    path = tmp_path / "ru.txt"
    path.write_bytes("\n".join(RUSSIAN_LINES + ["", "привет как"]).encode() + b"\n\xff\xfe\n")
    read = read_sentence_file(path, "ru", lid=glot_cfg)
    assert (read.n_lines, read.stats.rows_in, read.stats.rows_out) == (8, 8, 2)
    assert read.stats.drops == {"lid_wrong_script": 1, "lid_wrong_language": 1, "lid_low_score": 1, "empty": 1,
                                "duplicate": 1, "invalid_utf8": 1}
    unfiltered = read_sentence_file(path, "ru")
    assert (unfiltered.stats.rows_in, unfiltered.stats.rows_out) == (8, 5)
