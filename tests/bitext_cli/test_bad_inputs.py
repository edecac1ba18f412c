"""Bad input on every command: one line on stderr naming the file, option or key, exit status 2, and
nothing written that could pass for a finished output (the work directory is left exactly as it was).

Each case runs `bitext` in-process through the script's entry point (`main`, whose error handling is what
is under test). Encoders are the toy `hashing` one or never loaded, so the whole table takes seconds.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

from bitext_cli import main
from tests.conftest import run_cli

FR = [f"La phrase numéro {i} parle de la ville et de la mer." for i in range(12)]
EN = [f"Sentence number {i} is about the town and the sea." for i in range(12)]
MINE = ["mine", "--src-lang", "fr", "--src", "@fr.txt", "--tgt-lang", "en", "--tgt", "@en.txt"]
EMBED = ["embed", "--input", "@en.txt", "--encoder", "hashing"]
BUCC = ["eval", "bucc", "--src", "@fr.txt", "--tgt", "@en.txt", "--encoder", "hashing"]
RUN_CONFIG = "workdir: work\nlanguages:\n  fr: {inputs: [fr.txt]}\n  en: {inputs: [en.txt]}\npairs: [fr-en]\n"

# (id, arguments, fragments the one line must hold, extra environment). "@name" is a file of the workspace.
CASES = [
    # embed
    ("embed-out-without-npy-suffix", [*EMBED, "--out", "@e8"], ["option --out:", "@e8", "must end in .npy"], {}),
    ("embed-out-is-a-directory", [*EMBED, "--out", "@dir.npy"], ["option --out:", "@dir.npy", "is a directory"], {}),
    ("embed-input-is-a-directory", ["embed", "--input", "@dir", "--out", "@x.npy"],
     ["option --input:", "@dir", "is a directory"], {}),
    ("embed-input-missing", ["embed", "--input", "@missing.txt", "--out", "@x.npy"],
     ["option --input:", "@missing.txt", "no such file"], {}),
    ("embed-batch-size-0", [*EMBED, "--out", "@x.npy", "--batch-size", "0"], ["option --batch-size:", "x>0"], {}),
    ("embed-batch-size-negative", [*EMBED, "--out", "@x.npy", "--batch-size", "-5"],
     ["option --batch-size:", "-5"], {}),
    ("embed-device-tpu", [*EMBED, "--out", "@x.npy", "--device", "tpu"], ["--device", "'tpu'"], {}),
    # mine
    ("mine-batch-size-0", [*MINE, "--out", "@p.parquet", "--batch-size", "0"], ["option --batch-size:", "x>0"], {}),
    ("mine-batch-size-negative", [*MINE, "--out", "@p.parquet", "--batch-size", "-5"], ["option --batch-size:"], {}),
    ("mine-threshold-nan", [*MINE, "--out", "@p.parquet", "--threshold", "nan"],
     ["option --threshold:", "not a finite number"], {}),
    ("mine-threshold-inf", [*MINE, "--out", "@p.parquet", "--threshold", "inf"],
     ["option --threshold:", "not a finite number"], {}),
    ("mine-min-cosine--inf", [*MINE, "--out", "@p.parquet", "--min-cosine", "-inf"], ["option --min-cosine:"], {}),
    ("mine-candidate-floor-nan", [*MINE, "--out", "@p.parquet", "--candidate-floor", "NaN"],
     ["option --candidate-floor:", "not a finite number"], {}),
    ("mine-k-0", [*MINE, "--out", "@p.parquet", "-k", "0"], ["-k:", "x>0"], {}),
    ("mine-index-nprobe-0", [*MINE, "--out", "@p.parquet", "--index-nprobe", "0"], ["option --index-nprobe:"], {}),
    ("mine-lid-threshold-nan", [*MINE, "--out", "@p.parquet", "--lid", "--lid-thresholds", "fr=nan"],
     ["option --lid-thresholds:", "finite"], {}),
    ("mine-out-is-a-directory", [*MINE, "--out", "@dir"], ["option --out:", "@dir", "is a directory"], {}),
    ("mine-out-under-a-file", [*MINE, "--out", "@en.txt/p.parquet"],
     ["option --out:", "@en.txt", "not a directory"], {}),
    ("mine-candidates-is-a-directory", [*MINE, "--out", "@p.parquet", "--candidates", "@dir"],
     ["option --candidates:", "@dir", "is a directory"], {}),
    ("mine-index-dir-is-a-file", [*MINE, "--out", "@p.parquet", "--index-dir", "@en.txt"],
     ["option --index-dir:", "@en.txt", "is a file"], {}),
    ("mine-src-is-a-directory", ["mine", "--src-lang", "fr", "--src", "@dir", "--tgt-lang", "en", "--tgt", "@en.txt",
                                 "--out", "@p.parquet"], ["option --src:", "@dir", "is a directory"], {}),
    ("mine-same-language", ["mine", "--src-lang", "en", "--src", "@fr.txt", "--tgt-lang", "eng", "--tgt", "@en.txt",
                            "--out", "@p.parquet"], ["--src-lang", "--tgt-lang", "'en'"], {}),
    ("mine-encoder-with-precomputed", [*MINE, "--out", "@p.parquet", "--src-emb", "@fr.npy", "--tgt-emb", "@en.npy",
                                       "--encoder", "muse"], ["--encoder", "--src-emb"], {}),
    ("mine-batch-size-with-precomputed", [*MINE, "--out", "@p.parquet", "--src-emb", "@fr.npy", "--tgt-emb",
                                          "@en.npy", "--batch-size", "64"], ["--batch-size", "--src-emb"], {}),
    ("mine-empty-npy-file", [*MINE, "--out", "@p.parquet", "--src-emb", "@empty.npy", "--tgt-emb", "@en.npy"],
     ["@empty.npy", "not a readable .npy file"], {}),
    ("mine-npy-of-no-rows", [*MINE, "--out", "@p.parquet", "--src-emb", "@rows0.npy", "--tgt-emb", "@en.npy"],
     ["@rows0.npy", "0 vectors", "@fr.txt"], {}),
    ("mine-one-embedding-file", [*MINE, "--out", "@p.parquet", "--src-emb", "@fr.npy"], ["--src-emb", "--tgt-emb"], {}),
    ("mine-lid-model-is-a-directory", [*MINE, "--out", "@p.parquet", "--lid", "--lid-model", "@dir"],
     ["option --lid-model:", "@dir", "is a directory"], {}),
    ("mine-device-tpu", [*MINE, "--out", "@p.parquet", "--device", "tpu"], ["--device", "'tpu'"], {}),
    ("mine-out-is-the-src", [*MINE, "--out", "@fr.txt"], ["@fr.txt", "--out", "--src", "overwrite"], {}),
    ("mine-candidates-is-the-tgt", [*MINE, "--out", "@p.parquet", "--candidates", "@en.txt"],
     ["@en.txt", "--candidates", "--tgt"], {}),
    ("mine-candidates-is-the-out", [*MINE, "--out", "@p.parquet", "--candidates", "@p.parquet"],
     ["@p.parquet", "--out", "--candidates", "replace"], {}),
    # filter, export
    ("filter-stats-is-the-out", ["filter", "--pairs", "@pairs.parquet", "--out", "@f.json", "--stats", "@f.json"],
     ["@f.json", "--out", "--stats", "replace"], {}),
    ("filter-out-is-the-pairs", ["filter", "--pairs", "@pairs.parquet", "--out", "@pairs.parquet"],
     ["@pairs.parquet", "--out", "--pairs", "overwrite"], {}),
    ("filter-out-is-a-directory", ["filter", "--pairs", "@pairs.parquet", "--out", "@dir"],
     ["option --out:", "@dir", "is a directory"], {}),
    ("filter-pairs-is-a-directory", ["filter", "--pairs", "@dir", "--out", "@f.parquet"],
     ["option --pairs:", "@dir", "is a directory"], {}),
    ("filter-stats-is-a-directory", ["filter", "--pairs", "@pairs.parquet", "--out", "@f.parquet", "--stats", "@dir"],
     ["option --stats:", "@dir", "is a directory"], {}),
    ("filter-lid-model-missing", ["filter", "--pairs", "@pairs.parquet", "--out", "@f.parquet", "--lid-model",
                                  "@lid.bin"], ["option --lid-model:", "@lid.bin", "no such file"], {}),
    ("filter-max-similarity-nan", ["filter", "--pairs", "@pairs.parquet", "--out", "@f.parquet",
                                   "--max-similarity", "nan"], ["option --max-similarity:", "not a finite number"], {}),
    ("filter-max-length-ratio-inf", ["filter", "--pairs", "@pairs.parquet", "--out", "@f.parquet",
                                     "--max-length-ratio", "inf"], ["option --max-length-ratio:", "not a finite"], {}),
    ("export-out-is-a-directory", ["export", "--pairs", "@pairs.parquet", "--format", "tsv", "--out", "@dir"],
     ["option --out:", "@dir", "is a directory"], {}),
    ("export-moses-out-is-a-directory", ["export", "--pairs", "@pairs.parquet", "--format", "moses", "--out", "@dir"],
     ["option --out:", "@dir", "is a directory"], {}),
    ("export-pairs-is-a-directory", ["export", "--pairs", "@dir", "--format", "tsv", "--out", "@x.tsv"],
     ["option --pairs:", "@dir", "is a directory"], {}),
    # shard
    ("shard-out-is-a-file", ["shard", "--lang", "en", "--out", "@en.txt", "@en.txt"],
     ["option --out:", "@en.txt", "is a file"], {}),
    ("shard-min-alpha-ratio-nan", ["shard", "--lang", "en", "--out", "@shards", "--min-alpha-ratio", "nan", "@en.txt"],
     ["option --min-alpha-ratio:", "not a finite number"], {}),
    ("shard-lid-threshold-inf", ["shard", "--lang", "en", "--out", "@shards", "--lid-threshold", "inf", "@en.txt"],
     ["option --lid-threshold:", "not a finite number"], {}),
    # run
    ("run-a-directory", ["run", "@dir"], ["@dir", "is a directory"], {}),
    ("run-workdir-is-a-file", ["run", "@run.yaml", "--workdir", "@en.txt"],
     ["option --workdir:", "@en.txt", "is a file"], {}),
    ("run-threshold-nan", ["run", "@nan.yaml"], ["@nan.yaml", "'mine.threshold'", "finite"], {}),
    ("run-ratio-inf", ["run", "@inf.yaml"], ["@inf.yaml", "'shard.min_alpha_ratio'", "finite"], {}),
    ("run-device-tpu", ["run", "@tpu.yaml"], ["@tpu.yaml", "'embed.device'", "'tpu'"], {}),
    ("run-encoder-without-weights", ["run", "@labse.yaml"], ["@labse.yaml", "embed:", "LaBSE", "not found locally"],
     {"SENTENCE_TRANSFORMERS_HOME": "@empty-cache"}),
    ("run-laser-without-weights", ["run", "@laser.yaml"], ["@laser.yaml", "embed:", "laser2", "@empty-cache"],
     {"LASER_MODEL_DIR": "@empty-cache"}),
    # eval
    ("bucc-gold-is-a-directory", [*BUCC, "--gold", "@dir"], ["option --gold:", "@dir", "is a directory"], {}),
    ("bucc-gold-is-binary", [*BUCC, "--gold", "@binary.tsv"], ["@binary.tsv", "not UTF-8"], {}),
    ("bucc-src-is-a-directory", ["eval", "bucc", "--src", "@dir", "--tgt", "@en.txt", "--gold", "@gold.tsv"],
     ["option --src:", "@dir", "is a directory"], {}),
    ("bucc-plot-is-a-directory", [*BUCC, "--gold", "@gold.tsv", "--plot", "@dir"],
     ["option --plot:", "@dir", "is a directory"], {}),
    ("bucc-json-is-a-directory", [*BUCC, "--gold", "@gold.tsv", "--json", "@dir"],
     ["option --json:", "@dir", "is a directory"], {}),
    ("bucc-threshold-nan", [*BUCC, "--gold", "@gold.tsv", "--scoring", "margin", "--threshold", "nan"],
     ["option --threshold:", "not a finite number"], {}),
    ("make-bucc-not-aligned", ["eval", "make-bucc", "--src", "@fr.txt", "--tgt", "@short.txt", "--out", "@task"],
     ["@fr.txt", "@short.txt", "line-aligned"], {}),
    ("make-bucc-out-is-a-file", ["eval", "make-bucc", "--src", "@fr.txt", "--tgt", "@en.txt", "--out", "@en.txt"],
     ["option --out:", "@en.txt", "is a file"], {}),
    ("make-bucc-keep-nan", ["eval", "make-bucc", "--src", "@fr.txt", "--tgt", "@en.txt", "--out", "@task",
                            "--keep", "nan"], ["option --keep:", "not a finite number"], {}),
    ("make-bucc-keep-0", ["eval", "make-bucc", "--src", "@fr.txt", "--tgt", "@en.txt", "--out", "@task",
                          "--keep", "0"], ["option --keep:", "0<x<=1"], {}),
    ("make-bucc-distractors-negative", ["eval", "make-bucc", "--src", "@fr.txt", "--tgt", "@en.txt", "--out", "@task",
                                        "--n-distractors", "-1"], ["option --n-distractors:"], {}),
    ("tatoeba-dir-is-a-file", ["eval", "tatoeba", "--dir", "@en.txt", "--encoder", "hashing"],
     ["@en.txt", "is a file"], {}),
    ("tatoeba-k-0", ["eval", "tatoeba", "--dir", "@dir", "-k", "0"], ["-k:", "x>0"], {}),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The inputs every case draws on, made once (a real pairs file mined with the toy encoder)."""
    root = tmp_path_factory.mktemp("bad-inputs")
    (root / "fr.txt").write_text("\n".join(FR) + "\n", encoding="utf-8")
    (root / "en.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (root / "short.txt").write_text("\n".join(EN[:5]) + "\n", encoding="utf-8")
    (root / "gold.tsv").write_text("1\t1\n2\t2\n")
    (root / "binary.tsv").write_bytes(bytes(range(256)) * 4)
    rng = np.random.default_rng(0)
    for name in ("fr", "en"):
        np.save(root / f"{name}.npy", rng.standard_normal((12, 16)).astype(np.float32))
    np.save(root / "rows0.npy", np.zeros((0, 16), np.float32))
    (root / "empty.npy").touch()
    for name in ("dir", "dir.npy", "empty-cache"):
        (root / name).mkdir()
    for name, extra in [("run", ""), ("nan", "mine: {threshold: .nan}\n"), ("inf", "shard: {min_alpha_ratio: .inf}\n"),
                        ("tpu", "embed: {device: tpu}\n"), ("labse", "embed: {encoder: labse}\n"),
                        ("laser", "embed: {encoder: laser2}\n")]:
        (root / f"{name}.yaml").write_text(RUN_CONFIG + extra)
    main(["mine", "--src-lang", "fr", "--src", str(root / "fr.txt"), "--tgt-lang", "en", "--tgt", str(root / "en.txt"),
          "--out", str(root / "pairs.parquet"), "--encoder", "hashing", "--scoring", "margin", "--threshold", "0",
          "--min-cosine", "-1"])
    return root


def _listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size if p.is_file() else -1 for p in root.rglob("*")}


@pytest.mark.parametrize("args, fragments, env", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args, fragments, env, template, tmp_path, monkeypatch,
                                                        capsys):
    work = tmp_path / "w"
    shutil.copytree(template, work)
    here = lambda text: text.replace("@", f"{work}/") if text.startswith("@") else text  # noqa: E731
    for key, value in env.items():
        monkeypatch.setenv(key, here(value))
    monkeypatch.chdir(work)
    before = _listing(work)

    code, out, err = run_cli([here(a) for a in args], capsys)

    assert code == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert here(fragment) in err, (fragment, err)
    assert "Traceback" not in err and out == ""
    assert _listing(work) == before, "the failed command wrote or changed files"
