"""Tatoeba-style retrieval accuracy: is each sentence's nearest neighbour its translation?

Reported in both directions, ranking neighbours by cosine and by ratio margin, as LASER
and sentence-transformers report it.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.errors import BitextError
from pipeline.languages import normalize_lang
from pipeline.mining.knn import exact_both_ways
from pipeline.mining.margin import margin
from pipeline.mining.vectors import Vectors

_FILE = re.compile(r"^tatoeba\.(?P<lang>[a-z]{2,3})-eng\.(?P=lang)$")


@dataclass(frozen=True)
class Accuracy:
    lang: str
    n: int
    cosine_fwd: float    # xx -> eng
    cosine_bwd: float    # eng -> xx
    margin_fwd: float
    margin_bwd: float


def find_pairs(data_dir: Path, langs: list[str] | None = None) -> dict[str, tuple[Path, Path]]:
    """`{lang: (xx file, eng file)}` for the `tatoeba.xx-eng.*` files of a directory."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        problem = "is a file, expected a directory" if data_dir.exists() else "no such directory"
        raise BitextError(f"{data_dir}: {problem}")
    found = {}
    for path in sorted(data_dir.iterdir()):
        if (m := _FILE.match(path.name)) and path.with_suffix(".eng").is_file():
            found[m["lang"]] = (path, path.with_suffix(".eng"))
    if langs:
        wanted = {normalize_lang(code) for code in langs}
        found = {code: files for code, files in found.items() if normalize_lang(code) in wanted}
    if not found:
        raise BitextError(f"{data_dir}: no tatoeba.XXX-eng.XXX files" + (f" for {', '.join(langs)}" if langs else ""))
    return found


def read_parallel(src: Path, tgt: Path) -> tuple[list[str], list[str]]:
    a = src.read_text(encoding="utf-8").splitlines()
    b = tgt.read_text(encoding="utf-8").splitlines()
    if len(a) != len(b) or not a:
        raise BitextError(f"{src}: {len(a)} lines but {tgt.name} has {len(b)}; files must be line-aligned")
    return a, b


def retrieval_accuracy(x: np.ndarray, y: np.ndarray, k: int = 4) -> tuple[float, float, float, float]:
    """(cosine x->y, cosine y->x, margin x->y, margin y->x) accuracy for line-aligned x and y."""
    fwd, bwd = exact_both_ways(Vectors.from_array(x), Vectors.from_array(y), k, k, block=4096)
    (x2y_sim, x2y_ind), (y2x_sim, y2x_ind) = (fwd.sims, fwd.ids), (bwd.sims, bwd.ids)
    x_mean, y_mean = x2y_sim.mean(axis=1), y2x_sim.mean(axis=1)

    def accuracy(ind: np.ndarray) -> float:
        return float(np.mean(ind == np.arange(len(ind))))

    fwd_margin = margin(x2y_sim, x_mean[:, None], y_mean[x2y_ind])
    bwd_margin = margin(y2x_sim, y_mean[:, None], x_mean[y2x_ind])
    rows_x, rows_y = np.arange(len(x)), np.arange(len(y))
    return (accuracy(x2y_ind[:, 0]), accuracy(y2x_ind[:, 0]),
            accuracy(x2y_ind[rows_x, fwd_margin.argmax(1)]), accuracy(y2x_ind[rows_y, bwd_margin.argmax(1)]))


def evaluate(embed, data_dir: Path, langs: list[str] | None = None, k: int = 4) -> list[Accuracy]:
    """Accuracy per language pair; `embed` maps a list of sentences to normalised vectors."""
    results = []
    for lang, (src, eng) in find_pairs(data_dir, langs).items():
        a, b = read_parallel(src, eng)
        results.append(Accuracy(lang, len(a), *retrieval_accuracy(embed(a), embed(b), k)))
    return results


def render_table(results: list[Accuracy]) -> str:
    rows = ["| lang | n | cosine xx->en | cosine en->xx | margin xx->en | margin en->xx |",
            "|---|---:|---:|---:|---:|---:|"]
    fields = ("cosine_fwd", "cosine_bwd", "margin_fwd", "margin_bwd")
    for r in results:
        rows.append(f"| {r.lang} | {r.n} | " + " | ".join(f"{getattr(r, f):.3f}" for f in fields) + " |")
    rows.append("| mean | | " + " | ".join(f"{np.mean([getattr(r, f) for r in results]):.3f}" for f in fields)
                + " |")
    return "\n".join(rows)
