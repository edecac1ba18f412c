"""Document-level benchmark: newstest articles as crawls of paragraphs, `bitext run` with the defaults, and the
mined pairs compared with the line alignment (issue 13).

Per language L in de, es, fr, ru, zh, ja (against English), from ../shared/data/newstest (read its README):
the first `--lines` aligned lines are cut into articles of 4-12 consecutive lines and each article into
paragraphs of 1-3 lines (joined by a space; by nothing in Chinese and Japanese), where a line without final
punctuation (a headline) ends its paragraph: in a crawled page it is a block of its own. Each article is on both
sides (70%), or only on one side (15% each: its translation is hidden). Unrelated articles are added: English
ones from another newstest file, and L ones from lines past the window (their English is never in the crawl).
Documents are shuffled and written as JSON Lines (one document a line, paragraphs separated by newlines),
with a run config that sets nothing but its inputs, so every default applies (encoder muse). Each language
is its own `bitext run`, so no English article of another language's hidden part leaks in.

Definitions (texts compared with all whitespace removed: the crawls' spacing, not their words, may differ):
- gold pairs: the aligned lines (i, i) whose article is on both sides; a line pair the file repeats counts once.
- exact: a mined pair equal to one gold pair.
- whole: exact, or a whole translation at another granularity: its src is lines i..j (j > i) of one side
  and its tgt lines i..j of the other (a merged pair), or it is the m-th sentence of both sides of gold line i
  where the splitter cuts both sides of that line into the same number of sentences (a split pair).
  Recall counts a gold line covered by a merged pair, and m/k of it by m of its k split pairs.
- partial: not whole, and the gold lines one side lies in are all among the lines the other lies in (a
  sentence against part of its translation, or against its translation and more). Harmful to a trainer.
- of it tiled: partial pairs that are pieces of a tiling of one gold line: two or more pairs inside the line
  whose sides cover both of its sides whole, in the same order, without gap or overlap (a line of 2 sentences on
  one side and 3 on the other, paired 1-1 and 1-2). Right where each cut is where the translator's is, which the
  line alignment cannot tell, so they stay in partial; counted apart so the share of the rest is known.
- loss by stage, per gold pair: the first stage where it is lost. shard:<rule> when the splitter's sentence
  of either side that overlaps the line breaks a noise rule (the pipeline's own splitter and rules, rerun
  here), shard:duplicate when it passed the rules but is not among the shard's sentences, lid:<reason> when
  it is among the shard's sentences but not language ID's; mining:partial / mining:missed when both sides
  reached the miner but no whole pair covers the line in pairs.parquet (mining:partial: a partial pair holds
  it); filter:<rule> when whole pairs cover it in pairs.parquet but every one of them is dropped by the pair
  filters (the rule that dropped the first). The stage totals of the work directory's stats files are in the
  JSON too.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/doc_bench.py --lines 600 --out benchmarks/results/doc_bench.json

`--aligned LANG=PATH,EN_PATH` runs the same on your own line-aligned files (for a language that writes no full stop,
th lo km my, a line ends its paragraph when its English has no final stop).

`--set merge=null` runs without the merge step (split-robust mining); with it (the default), the table has a
`merged` row too (merged.parquet, which the filters read) and the losses are counted on it.
"""

import argparse
import bisect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from pipeline.config import load_config
from pipeline.language_id import LanguageIdentifier
from pipeline.lid import lid_drop_reasons
from pipeline.mining.filters import PAIR_FILTERS, Rows
from pipeline.stats import merge_stats
from pipeline.text.filters import SentenceFilter
from pipeline.text.normalize import normalize_text
from pipeline.text.split import split_sentences
from pipeline.workdir import RunLayout

REPO = Path(__file__).resolve().parents[1]
# ../shared from the main checkout, ../../shared from a worktree under wt/
NEWSTEST = next((d / "shared" / "data" / "newstest" for d in (REPO.parent, REPO.parent.parent)
                 if (d / "shared" / "data" / "newstest").is_dir()), REPO.parent / "shared" / "data" / "newstest")
FILES = {  # language: (its file, the aligned English file, an unrelated English file)
    "de": ("newstest2013.de", "newstest2013.en", "newstest2018.zh-en.en"),
    "es": ("newstest2013.es", "newstest2013.en", "newstest2018.zh-en.en"),
    "fr": ("newstest2013.fr", "newstest2013.en", "newstest2018.zh-en.en"),
    "ru": ("newstest2013.ru", "newstest2013.en", "newstest2018.zh-en.en"),
    "zh": ("newstest2018.zh-en.zh", "newstest2018.zh-en.en", "newstest2013.en"),
    "ja": ("newstest2020.en-ja.ja", "newstest2020.en-ja.en", "newstest2013.en"),
}
DEFAULT_LANGS = ",".join(FILES)
UNSPACED = {"zh", "ja"}
NO_FULL_STOP = {"th", "lo", "km", "my"}     # a line of these ends a paragraph when its English has no final stop
BOTH, SRC_ONLY, TGT_ONLY = 0.70, 0.15, 0.15
UNRELATED = 0.25               # unrelated lines added to each side, as a share of --lines
TGT = "en"
FINAL = re.compile(r"[.!?。！？…][\"'”’»」』）)]*$")


def key(text: str) -> str:
    return "".join(text.split())


def read_lines(name: str) -> list[str]:
    return [normalize_text(s) for s in (NEWSTEST / name).read_text(encoding="utf-8").splitlines()]


# ---- building the crawls -------------------------------------------------------------------------------------

@dataclass
class Side:
    lang: str
    lines: list[str]                                            # the window's lines of this side (gold index i)
    docs: list[list[list[int | str]]] = field(default_factory=list)   # doc > paragraph > gold index or text

    def paragraph_text(self, para: list[int | str]) -> str:
        glue = "" if self.lang in UNSPACED else " "
        return glue.join(self.lines[x] if isinstance(x, int) else x for x in para)


def articles(items: list, unfinished: Callable[[int | str], bool], rng: random.Random) -> list[list[list]]:
    """Consecutive items cut into articles of 4-12 items, each into paragraphs of 1-3 items; a line without
    final punctuation (a headline, a heading) ends its paragraph, as it is its own block in a crawled page."""
    docs, i = [], 0
    while i < len(items):
        n = rng.randint(4, 12)
        doc, i = items[i:i + n], i + n
        paras, para, size = [], [], rng.randint(1, 3)
        for x in doc:
            para.append(x)
            if len(para) >= size or unfinished(x):
                paras.append(para)
                para, size = [], rng.randint(1, 3)
        if para:
            paras.append(para)
        docs.append(paras)
    return docs


def build_sides(lang: str, n_lines: int, rng: random.Random, omit: float = 0.0,
                omit_rng: random.Random | None = None) -> tuple[Side, Side, set[int]]:
    """Both crawls of one language pair, and the gold indices whose article is on both sides; with `omit`, each
    line of such an article is left out of one side (either, at random) with that chance, as a page's
    translation leaves out or adds a sentence now and then (drawn from `omit_rng`, so the rest is unchanged)."""
    src_file, tgt_file, other_file = FILES[lang]
    src_all, tgt_all = read_lines(src_file), read_lines(tgt_file)
    n = min(n_lines, len(src_all))
    src, tgt = Side(lang, src_all[:n]), Side(TGT, tgt_all[:n])
    gold: set[int] = set()
    def unfinished(x: int | str) -> bool:
        texts = [src_all[x], tgt_all[x]] if isinstance(x, int) else [x]
        own_stop_unknown = isinstance(x, int) and lang in NO_FULL_STOP      # its English alone tells
        return not all(FINAL.search(t) for t in texts[own_stop_unknown:])

    for doc in articles(list(range(n)), unfinished, rng):
        role = rng.random()
        if role < BOTH:
            src_doc, tgt_doc = _omitting(doc, omit, omit_rng) if omit else (doc, doc)
            src.docs += [src_doc] if src_doc else []            # an article of one line left out: none
            tgt.docs += [tgt_doc] if tgt_doc else []
            kept = {x for para in src_doc for x in para} & {x for para in tgt_doc for x in para}
            gold.update(x for x in kept if src_all[x] and tgt_all[x])
        elif role < BOTH + SRC_ONLY:
            src.docs.append(doc)
        else:
            tgt.docs.append(doc)
    extra = int(n_lines * UNRELATED)
    own_unfinished = (lambda x: False) if lang in NO_FULL_STOP else unfinished
    src.docs += articles([s for s in src_all[n:n + extra] if s], own_unfinished, rng)
    tgt.docs += articles([s for s in read_lines(other_file)[:extra] if s], unfinished, rng)
    for side in (src, tgt):
        rng.shuffle(side.docs)
    return src, tgt, gold


def _once_each(gold: set[int], src_all: list[str], tgt_all: list[str]) -> set[int]:
    """The gold lines without a line pair the file repeats (the same sentence and translation again, as a news
    programme repeats its lead): a run holds each pair once, so the repeat is one gold pair, the first. Pairs are
    judged against every gold line (a merged pair may span the repeat); recall and losses count these."""
    first: dict[tuple[str, str], int] = {}
    for i in sorted(gold):
        first.setdefault((key(src_all[i]), key(tgt_all[i])), i)
    return set(first.values())


def _omitting(doc: list[list[int]], share: float, rng: random.Random) -> tuple[list, list]:
    """The article's two sides, each line left out of one side with chance `share` (no paragraph left empty)."""
    sides: tuple[list, list] = ([], [])
    for para in doc:
        out: tuple[list, list] = ([], [])
        for x in para:
            gone = rng.randrange(2) if rng.random() < share else -1
            for k in (0, 1):
                if k != gone:
                    out[k].append(x)
        for k in (0, 1):
            if out[k]:
                sides[k].append(out[k])
    return sides


def write_run(src: Side, tgt: Side, run_dir: Path, settings: dict | None = None) -> Path:
    """The two crawls as JSON Lines documents and a config with nothing but the inputs (and `settings`)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    languages = {}
    for side in (src, tgt):
        path = run_dir / f"crawl.{side.lang}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k, doc in enumerate(side.docs):
                text = "\n".join(side.paragraph_text(p) for p in doc)
                record = {"url": f"https://example.{side.lang}/{k}", "text": text}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        languages[side.lang] = {"inputs": [str(path)]}
    config = run_dir / "config.yaml"
    config.write_text(yaml.safe_dump({"workdir": str(run_dir / "work"), "languages": languages,
                                      "pairs": [f"{src.lang}-{tgt.lang}"], **(settings or {})}))
    return config


def run_bitext(config: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    command = [sys.executable, "-c", "import bitext_cli; bitext_cli.main()", "run", str(config)]
    proc = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"bitext run {config} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


# ---- where each gold line went -------------------------------------------------------------------------------

def texts_of(directory: Path) -> set[str]:
    return {t for p in directory.rglob("*.parquet") for t in pq.read_table(p, columns=["text"]).column(0).to_pylist()}


def side_losses(side: Side, layout: RunLayout, cfg, identifier: LanguageIdentifier) -> dict[int, str]:
    """For each gold index of this side, the first stage that lost a sentence overlapping it (absent: reached)."""
    rules = SentenceFilter(side.lang, cfg.shard)
    sharded, identified = texts_of(layout.sentences_dir(side.lang)), texts_of(layout.lid_dir(side.lang))
    para_counts = Counter(side.paragraph_text(p) for doc in side.docs for p in doc)
    lost: dict[int, str] = {}
    lid_missing: list[tuple[str, list[int]]] = []
    for doc in side.docs:
        for para in doc:
            indices = [x for x in para if isinstance(x, int)]
            text = side.paragraph_text(para)
            if cfg.shard.boilerplate_min_repeats and para_counts[text] >= cfg.shard.boilerplate_min_repeats:
                lost.update((i, "shard:boilerplate") for i in indices)
                continue
            for piece, overlapped in pieces_with_lines(side, para):
                reason = rules.problem(piece)
                if reason is None and piece not in sharded:
                    reason = "duplicate"
                if reason is not None:
                    for i in overlapped:
                        lost.setdefault(i, f"shard:{reason}")
                elif piece not in identified:
                    lid_missing.append((piece, overlapped))
    if lid_missing:
        texts = [t for t, _ in lid_missing]
        labels, scores = identifier.predict(texts)
        reasons = lid_drop_reasons(side.lang, texts, labels, scores, cfg.lid)
        for (_, overlapped), reason in zip(lid_missing, reasons):
            for i in overlapped:
                lost.setdefault(i, f"lid:{reason or 'dropped'}")
    return lost


def pieces_with_lines(side: Side, para: list[int | str]) -> list[tuple[str, list[int]]]:
    """The splitter's sentences of a paragraph, each with the gold indices whose text it overlaps."""
    glue = "" if side.lang in UNSPACED else " "
    spans, pos = [], 0
    for x in para:
        text = side.lines[x] if isinstance(x, int) else x
        spans.append((x, pos, pos + len(text)))
        pos += len(text) + len(glue)
    paragraph = side.paragraph_text(para)
    out, cursor = [], 0
    for piece in split_sentences(side.lang, normalize_text(paragraph)):
        start = paragraph.find(piece, cursor)
        if start < 0:                       # the splitter changed the text: overlap unknown, take the paragraph
            out.append((piece, [x for x, _, _ in spans if isinstance(x, int)]))
            continue
        end = cursor = start + len(piece)
        out.append((piece, [x for x, a, b in spans if isinstance(x, int) and a < end and start < b]))
    return out


# ---- judging the mined pairs ---------------------------------------------------------------------------------

class Locator:
    """Where a text lies among one side's gold lines: (first, last, whole) per occurrence."""

    def __init__(self, lines: list[str]):
        self.starts, parts, pos = [], [], 0
        for line in lines:
            self.starts.append(pos)
            parts.append(key(line))
            pos += len(parts[-1])
        self.ends = [s + len(p) for s, p in zip(self.starts, parts)]
        self.text = "".join(parts)
        self.start_of = {s: i for i, s in enumerate(self.starts) if self.ends[i] > s}
        self.end_of = {e: i for i, e in enumerate(self.ends) if e > self.starts[i]}

    def find(self, text: str, limit: int = 20) -> list[tuple[int, int, bool]]:
        k, out, at = key(text), [], 0
        while k and len(out) < limit and (at := self.text.find(k, at)) >= 0:
            end = at + len(k)
            first = bisect.bisect_right(self.starts, at) - 1
            last = bisect.bisect_left(self.ends, end)
            whole = at in self.start_of and end in self.end_of
            out.append((first, last, whole))
            at += 1
        return out

    def within(self, text: str, line: int) -> tuple[int, int] | None:
        """(start, end) of the text's first occurrence inside `line`, from the line's start; None if not there."""
        start, k = self.starts[line], key(text)
        at = self.text.find(k, start, self.ends[line]) if k else -1
        return None if at < 0 else (at - start, at - start + len(k))

    def length(self, line: int) -> int:
        return self.ends[line] - self.starts[line]


def split_pairs(src: Side, tgt: Side, gold: set[int]) -> dict[tuple[str, str], tuple[int, int]]:
    """(src key, tgt key) of the m-th sentence of both sides of a gold line cut into k sentences each -> (i, k)."""
    out = {}
    for i in gold:
        s, t = split_sentences(src.lang, src.lines[i]), split_sentences(tgt.lang, tgt.lines[i])
        if len(s) == len(t) > 1:
            out.update(((key(a), key(b)), (i, len(s))) for a, b in zip(s, t))
    return out


RANK = {"exact": 0, "merged": 1, "split": 2, "partial": 3, "wrong": 4}


def judge(src_text: str, tgt_text: str, locs: tuple[Locator, Locator], gold: set[int],
          splits: dict) -> tuple[str, list[int], float]:
    """The pair's kind, the gold indices it covers, and how much of each (1 or 1/k for a split pair)."""
    if (hit := splits.get((key(src_text), key(tgt_text)))) is not None:
        return "split", [hit[0]], 1 / hit[1]
    best = ("wrong", [], 0.0)
    split_lines = {i for i, _ in splits.values()}
    for sf, sl, sw in locs[0].find(src_text):
        for tf, tl, tw in locs[1].find(tgt_text):
            lines = set(range(min(sf, tf), max(sl, tl) + 1))
            if not lines <= gold:
                continue
            if sw and tw and (sf, sl) == (tf, tl):
                kind = ("exact", [sf], 1.0) if sf == sl else ("merged", list(range(sf, sl + 1)), 1.0)
            elif sf == sl == tf == tl and not (sw or tw) and sf in split_lines:
                continue                    # different sentences of a line both sides split alike: wrong
            elif (sf >= tf and sl <= tl) or (tf >= sf and tl <= sl):
                kind = ("partial", sorted(lines), 0.0)
            else:
                continue
            if RANK[kind[0]] < RANK[best[0]]:
                best = kind
    return best


def filter_reasons(table: pa.Table, cfg) -> list[str | None]:
    """The pair filter that drops each row (None: kept), as `filter_pairs` applies them: first rule failed."""
    rows, kept, reasons = Rows.of(table), list(range(table.num_rows)), [None] * table.num_rows
    for rule in PAIR_FILTERS:
        if not kept or not rule.applies(cfg):
            continue
        failed = set(rule.check(rows, kept, cfg))
        for i in failed:
            reasons[i] = rule.name
        kept = [i for i in kept if i not in failed]
    return reasons


def scores(kinds: Counter, covered: dict[int, float], gold: set[int], n_tiled: int) -> dict:
    mined = sum(kinds.values())
    out = {"pairs": mined, **{k: kinds.get(k, 0) for k in RANK}}
    exact_recall = sum(1 for i in gold if covered.get(("exact", i))) / max(len(gold), 1)
    whole_recall = sum(min(1.0, covered.get(("whole", i), 0.0)) for i in gold) / max(len(gold), 1)
    for name, good, recall in [("exact", kinds["exact"], exact_recall),
                               ("whole", kinds["exact"] + kinds["merged"] + kinds["split"], whole_recall)]:
        p = good / mined if mined else 0.0
        out[f"{name}_p"], out[f"{name}_r"] = p, recall
        out[f"{name}_f1"] = 2 * p * recall / (p + recall) if p + recall else 0.0
    out["partial_share"] = kinds["partial"] / mined if mined else 0.0
    out["tiled"], out["tiled_share"] = n_tiled, n_tiled / mined if mined else 0.0
    return out


def tiled(texts: list[tuple[str, str]], judged: list, locs: tuple[Locator, Locator]) -> int:
    """How many partial pairs are pieces of a tiling: two or more pairs inside one gold line whose sides cover
    the line's two sides whole, each without gap or overlap, in the same order (a line cut into 2 sentences on
    one side and 3 on the other, paired (1, 1) and (2, 2-3)). Each is right where its cut is where the
    translator's is, which the line alignment cannot tell; they stay partial, counted here apart."""
    pieces: dict[int, list] = {}
    for (s, t), (kind, lines, _) in zip(texts, judged):
        if kind == "partial" and len(lines) == 1:
            pieces.setdefault(lines[0], []).append((locs[0].within(s, lines[0]), locs[1].within(t, lines[0])))
    return sum(len(p) for line, p in pieces.items() if _tiles(p, locs[0].length(line), locs[1].length(line)))


def _tiles(pieces: list, src_length: int, tgt_length: int) -> bool:
    """Whether the pieces ((src span, tgt span) inside one line), ordered by their source side, cover both sides."""
    if len(pieces) < 2 or any(s is None or t is None for s, t in pieces):
        return False
    pieces = sorted(pieces)
    return _chain([s for s, _ in pieces], src_length) and _chain([t for _, t in pieces], tgt_length)


def _chain(spans: list[tuple[int, int]], length: int) -> bool:
    """Whether the spans, in this order, run from 0 to `length` each starting where the one before ends."""
    ends = [0] + [end for _, end in spans]
    return [start for start, _ in spans] == ends[:-1] and ends[-1] == length


def judge_file(table: pa.Table, locs, gold, splits) -> tuple[list, Counter, dict, int]:
    """Each pair's judgement, the count of each kind, what they cover, and how many partial ones tile a line."""
    texts = list(zip(table.column("src_text").to_pylist(), table.column("tgt_text").to_pylist()))
    judged = [judge(s, t, locs, gold, splits) for s, t in texts]
    kinds, covered = Counter(k for k, _, _ in judged), Counter()
    for kind, lines, share in judged:
        for i in lines:
            if kind == "exact":
                covered[("exact", i)] += 1
            if kind in ("exact", "merged", "split"):
                covered[("whole", i)] += share
    return judged, kinds, covered, tiled(texts, judged, locs)


def evaluate(lang: str, src: Side, tgt: Side, gold: set[int], run_dir: Path) -> dict:
    layout = RunLayout(run_dir / "work")
    cfg = load_config(layout.config_path)
    identifier = LanguageIdentifier(cfg.lid.model)
    locs, splits = (Locator(src.lines), Locator(tgt.lines)), split_pairs(src, tgt, gold)
    counted = _once_each(gold, src.lines, tgt.lines)
    pairs = pq.read_table(layout.pairs_path(lang, TGT))
    result = {"lang": lang, "gold": len(counted)}
    judged, kinds, covered, n_tiled = judge_file(pairs, locs, gold, splits)
    result["pairs"] = scores(kinds, covered, counted, n_tiled)
    if cfg.merge is not None:      # the merge step's output is what the filters read: losses are counted on it
        pairs = pq.read_table(layout.merged_path(lang, TGT))
        judged, kinds, covered, n_tiled = judge_file(pairs, locs, gold, splits)
        result["merged"] = scores(kinds, covered, counted, n_tiled)
    filtered_path = layout.filtered_path(lang, TGT)
    filtered = pq.read_table(filtered_path) if filtered_path.exists() else pairs
    _, fkinds, fcovered, n_tiled = judge_file(filtered, locs, gold, splits)
    result["filtered"] = scores(fkinds, fcovered, counted, n_tiled)
    result["loss"] = stage_losses(src, tgt, counted, layout, cfg, identifier, pairs, judged, fcovered)
    result["stats"] = merge_stats([p for p in (layout.root / "stats").glob("*/**/*.json")])  # not summary.json
    return result


def stage_losses(src, tgt, gold, layout, cfg, identifier, pairs, judged, fcovered) -> dict[str, int]:
    lost = side_losses(tgt, layout, cfg, identifier)
    lost.update(side_losses(src, layout, cfg, identifier))          # the source side's reason first
    reasons = filter_reasons(pairs, cfg.filter) if cfg.filter is not None else [None] * len(judged)
    by_line: dict[int, list[tuple[str, str | None]]] = {}
    for (kind, lines, _), reason in zip(judged, reasons):
        for i in lines:
            by_line.setdefault(i, []).append((kind, reason))
    out: Counter = Counter()
    for i in gold:
        if i in lost:
            out[lost[i]] += 1
            continue
        found = by_line.get(i, [])
        whole = [reason for kind, reason in found if kind in ("exact", "merged", "split")]
        if not whole:
            out["mining:partial" if any(k == "partial" for k, _ in found) else "mining:missed"] += 1
        elif not fcovered.get(("whole", i)):
            out[f"filter:{next((r for r in whole if r), 'other')}"] += 1
        else:
            out["kept"] += 1
    return dict(sorted(out.items()))


# ---- report --------------------------------------------------------------------------------------------------

def print_table(rows: list[dict]) -> None:
    print("| lang | gold | file | pairs | exact P | exact R | exact F1 | whole P | whole R | whole F1 | partial "
          "| of it tiled |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        for name in ("pairs", "merged", "filtered"):
            if name not in r:
                continue
            s = r[name]
            print(f"| {r['lang']} | {r['gold']} | {name} | {s['pairs']} | {s['exact_p']:.3f} | {s['exact_r']:.3f} "
                  f"| {s['exact_f1']:.3f} | {s['whole_p']:.3f} | {s['whole_r']:.3f} | {s['whole_f1']:.3f} "
                  f"| {s['partial_share']:.1%} | {s['tiled_share']:.1%} |")
    print()
    print("| lang | gold pairs lost by stage (share of gold) |")
    print("|---|---|")
    for r in rows:
        lost = {k: v for k, v in r["loss"].items() if k != "kept"}
        text = ", ".join(f"{k} {v / r['gold']:.1%}" for k, v in sorted(lost.items(), key=lambda kv: -kv[1]))
        print(f"| {r['lang']} | {text or '-'} |")


def _aligned(item: str, parser: argparse.ArgumentParser) -> tuple[str, tuple[str, str]]:
    """LANG=PATH,EN_PATH as (lang, (absolute path, absolute English path)); a clear error otherwise."""
    lang, _, paths = item.partition("=")
    files = [Path(p).resolve() for p in paths.split(",") if p]
    if not lang or len(files) != 2 or not all(f.is_file() for f in files):
        parser.error(f"--aligned {item!r}: want LANG=PATH,EN_PATH, two existing files")
    return lang, (str(files[0]), str(files[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default=None, help=f"comma-separated, of {DEFAULT_LANGS} (default: all of them, "
                        "or none when --aligned is given)")
    parser.add_argument("--lines", type=int, default=600, help="aligned lines per language")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=REPO / "benchmarks" / "results" / "doc_bench",
                        help="where the crawls and runs go (each run starts afresh)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "doc_bench.json")
    parser.add_argument("--aligned", action="append", default=[], metavar="LANG=PATH,EN_PATH",
                        help="your own line-aligned files for LANG against English, run after --langs")
    parser.add_argument("--omit", type=float, default=0.0, help="chance that a line of an article on both sides is "
                        "left out of one of them (its translation missing: gap alignment's hard case)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=YAML",
                        help="a top-level run config key, e.g. 'merge=null' (the defaults otherwise)")
    args = parser.parse_args()
    aligned = dict(_aligned(item, parser) for item in args.aligned)
    langs = [x for x in (args.langs or ("" if aligned else DEFAULT_LANGS)).split(",") if x and x not in aligned]
    for lang, paths in aligned.items():
        FILES[lang] = (*paths, "newstest2013.en")
        langs.append(lang)
    rows = []
    for lang in langs:
        rng = random.Random(f"{args.seed}-{lang}")
        src, tgt, gold = build_sides(lang, args.lines, rng, args.omit, random.Random(f"omit-{args.seed}-{lang}"))
        run_dir = args.workdir / lang
        shutil.rmtree(run_dir / "work", ignore_errors=True)
        settings = {k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in args.set)}
        seconds = run_bitext(write_run(src, tgt, run_dir, settings))
        rows.append({**evaluate(lang, src, tgt, gold, run_dir), "run_s": round(seconds, 1)})
        print(f"{lang}: {seconds:.0f} s", file=sys.stderr)
    print_table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
