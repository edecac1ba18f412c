"""`bitext run` with `embed: {encoder: laser3:wol_Latn}` against a directory of LASER-format files."""

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from pipeline.encoders import get_encoder
from pipeline.schemas import PAIRS
from pipeline.workdir import RunLayout

from ..conftest import SAMPLE
from ..pipeline.encoders.laser_models import model_dir

TEXTS = [line.split("\t")[1] for line in (Path(__file__).parents[1] / "pipeline/encoders/data/muse_languages.tsv")
         .read_text().splitlines()]


def test_run_mines_with_a_laser3_encoder(tmp_path, monkeypatch, bitext):
    models = model_dir(tmp_path / "laser", TEXTS * 3, laser3_langs=("wol_Latn",))
    monkeypatch.setenv("LASER_MODEL_DIR", str(models))
    get_encoder.cache_clear()
    config = tmp_path / "run.yaml"
    config.write_text(f"workdir: work\nlanguages:\n  de: {{inputs: [{SAMPLE / 'de'}]}}\n"
                      f"  en: {{inputs: [{SAMPLE / 'en'}]}}\npairs: [de-en]\n"
                      "embed: {encoder: 'laser3:wol_Latn', device: cpu}\n")
    try:
        code, out, err = bitext("run", config)
    finally:
        get_encoder.cache_clear()
    assert code == 0, err
    layout = RunLayout(tmp_path / "work")
    embeddings = layout.root / "embeddings" / "laser3_wol_Latn"
    vectors = [p for p in sorted(embeddings.rglob("*.npy")) if not p.name.endswith(".ids.npy")]
    assert {p.relative_to(embeddings).parts[0] for p in vectors} == {"de", "en"}
    rows = np.concatenate([np.load(p) for p in vectors])
    assert rows.shape[1] == 16 and len(rows) > 20           # the generated transformer's width
    assert np.allclose(np.linalg.norm(rows.astype(np.float32), axis=1), 1.0, atol=1e-2)
    pairs = pq.read_table(layout.pairs_path("de", "en"))
    assert pairs.schema.names == PAIRS.names
