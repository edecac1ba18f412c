"""Stage 3, embed: sentences to L2-normalised float16 vectors, one `.npy` per shard.

Each shard is two files: `{shard}.ids.npy` (uint64 sent_ids) and `{shard}.npy` (float16,
same row order). The vectors file is written last, so a crash never leaves vectors paired with
the wrong ids. Skipping finished shards is the caller's (the resume manifests), not this stage's.

Input and output stream: texts are read and vectors written `_CHUNK` rows at a time, so the
memory of a shard (or of `bitext embed`) does not grow with its size.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np
from tqdm import tqdm

from pipeline.atomic import atomic_path
from pipeline.encoders.base import BLANK, Encoder
from pipeline.errors import BitextError
from pipeline.schemas import LID, iter_batches, read_column
from pipeline.stats import StageStats

_CHUNK = 512  # sentences read, embedded and written at a time (and per progress step): 1 MB of vectors


def ids_path(vectors_path: Path) -> Path:
    return Path(vectors_path).with_suffix(".ids.npy")


def embed_texts(texts: list[str], encoder: Encoder, batch_size: int, desc: str = "embed",
                counts: Counter | None = None) -> np.ndarray:
    """float32 embeddings of `texts`, with a progress bar on a terminal; `counts` gets altered rows."""
    out = np.empty((len(texts), encoder.dim), dtype=np.float32)
    with tqdm(total=len(texts), desc=desc, unit="sent", disable=None, leave=False) as bar:
        for start in range(0, len(texts), _CHUNK):
            chunk = texts[start:start + _CHUNK]
            out[start:start + len(chunk)] = encoder.encode(chunk, batch_size, counts)
            bar.update(len(chunk))
    return out


def save_embeddings(vectors: np.ndarray, sent_ids: np.ndarray, out_path: Path) -> Path:
    out_path = Path(out_path)
    out_path.unlink(missing_ok=True)  # a stale vectors file must not pair with the new ids
    with atomic_path(ids_path(out_path)) as tmp:
        np.save(tmp, np.asarray(sent_ids, dtype=np.uint64))
    with atomic_path(out_path) as tmp:
        np.save(tmp, vectors.astype(np.float16))
    return out_path


def write_embeddings(chunks: Iterable[list[str]], rows: int, encoder: Encoder, batch_size: int, path: Path,
                     dtype: str = "float16", desc: str = "embed", counts: Counter | None = None) -> None:
    """Embed chunks of texts (`rows` in all) straight into the `.npy` file `path`, chunk after chunk."""
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
              "shape": (rows, encoder.dim)}
    written = 0
    with open(path, "wb") as fh, tqdm(total=rows, desc=desc, unit="sent", disable=None, leave=False) as bar:
        np.lib.format.write_array_header_1_0(fh, header)
        for texts in chunks:
            fh.write(encoder.encode(texts, batch_size, counts).astype(dtype).tobytes())
            written += len(texts)
            bar.update(len(texts))
    if written != rows:
        raise BitextError(f"{path}: {written} texts read, {rows} expected; the input changed while it was read")


def chunked(items: Iterable, size: int = _CHUNK) -> Iterator[list]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def embed_shard(in_path: Path, out_path: Path, encoder: Encoder, batch_size: int = 256) -> StageStats:
    """Embed the text column of a language-ID shard (`{lang}/{shard}.parquet`) into `out_path`; the counts.

    Blank texts get a zero vector, never mined: a drop. Truncated texts are kept, counted as altered.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    sent_ids = read_column(in_path, LID, "sent_id").to_numpy()
    counts = Counter()
    texts = (b.column("text").to_pylist() for b in iter_batches(in_path, LID, _CHUNK, columns=["text"]))
    out_path.unlink(missing_ok=True)  # a stale vectors file must not pair with the new ids
    with atomic_path(out_path) as tmp:
        write_embeddings(texts, len(sent_ids), encoder, batch_size, tmp,
                         desc=f"embed {in_path.parent.name}/{in_path.stem}", counts=counts)
        with atomic_path(ids_path(out_path)) as tmp_ids:
            np.save(tmp_ids, np.asarray(sent_ids, dtype=np.uint64))
    stats = StageStats("embed", in_path.parent.name, in_path.stem)
    blank = counts.pop(BLANK, 0)
    stats.drop(BLANK, blank)
    stats.keep(len(sent_ids) - blank)
    stats.altered.update(counts)
    return stats


def load_embeddings(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(sent_ids, float32 vectors) of several shards, checked to be aligned and of one width."""
    all_ids, all_vecs = [], []
    for path in paths:
        vecs, ids = _load_shard(Path(path))
        if all_vecs and vecs.shape[1] != all_vecs[0].shape[1]:
            raise BitextError(f"{path}: {vecs.shape[1]}-dim vectors, other shards have {all_vecs[0].shape[1]}")
        all_ids.append(ids)
        all_vecs.append(vecs)
    if not all_vecs:
        return np.zeros(0, np.uint64), np.zeros((0, 0), np.float32)
    return np.concatenate(all_ids), np.concatenate(all_vecs).astype(np.float32)


def _load_shard(path: Path) -> tuple[np.ndarray, np.ndarray]:
    try:
        vecs = np.load(path, mmap_mode="r")
        ids = np.load(ids_path(path))
    except FileNotFoundError as exc:
        raise BitextError(f"{exc.filename}: embedding file not found") from None
    except ValueError as exc:
        raise BitextError(f"{path}: not a readable .npy file ({exc})") from None
    if vecs.ndim != 2:
        raise BitextError(f"{path}: expected a 2-D array of vectors, got shape {vecs.shape}")
    if len(ids) != len(vecs):
        raise BitextError(f"{path}: {len(vecs)} vectors but {len(ids)} sentence ids in {ids_path(path).name}")
    return vecs, ids
