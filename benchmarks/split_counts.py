"""Where a splitter change fires: sentences per file of every English side we have, and the ends it adds.

Each file's non-blank lines are joined three at a time into paragraphs (a space between lines) and split
as `en`; the table gives the sentences per file and, with `--before` (this script's JSON from another
checkout), how many more or fewer there are, with the first places where the two differ.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/split_counts.py --out now.json [--before then.json]
    # then.json: the same command run from a checkout of the earlier commit (git worktree add /tmp/then REV)
    # DIR: the files benchmarks/written_files.py writes (default /tmp/written; left out if missing)
"""

import argparse
import json
from pathlib import Path

from doc_bench import REPO

from pipeline.text.split import split_sentences

SHARED = REPO.parent / "shared" / "data"


def english_files(written: Path) -> list[Path]:
    newstest = sorted((SHARED / "newstest").glob("newstest*.en"))
    tatoeba = sorted((SHARED / "tatoeba").glob("*.eng"))
    return newstest + tatoeba + sorted(written.glob("*.en"))


def sentences(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [s for i in range(0, len(lines), 3) for s in split_sentences("en", " ".join(lines[i:i + 3]))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--written", type=Path, default=Path("/tmp/written"))
    ap.add_argument("--before", type=Path, help="this script's JSON from another checkout")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    now = {path.name: sentences(path) for path in english_files(args.written)}
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else {}
    print("| file | sentences | change | first new ends |\n|---|---:|---:|---|")
    for name, sents in now.items():
        old = before.get(name)
        added = [s for s in sents if old is not None and s not in set(old)][:args.examples]
        change = "" if old is None else f"{len(sents) - len(old):+d}"
        print(f"| {name} | {len(sents)} | {change} | {' / '.join(a[:40] for a in added)} |")
    args.out.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
