import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import BitextError
from pipeline.schemas import LID, iter_batches, read_column


def lid_file(path, n=10, **changes):
    columns = {"sent_id": pa.array(range(n), pa.uint64()), "text": [f"Satz {i}." for i in range(n)],
               "source": ["a.txt"] * n, "doc_id": pa.array([0] * n, pa.int64()),
               "position": pa.array(range(n), pa.int32()), "doc_meta": pa.nulls(n, pa.string()),
               "lid_lang": ["de"] * n, "lid_score": pa.array([0.9] * n, pa.float32())}
    columns.update(changes)
    pq.write_table(pa.table(columns), path)
    return path


def test_batches_of_some_columns_are_those_columns_checked(tmp_path):
    path = lid_file(tmp_path / "a.parquet")
    batches = list(iter_batches(path, LID, 4, columns=["text"]))
    assert [b.num_rows for b in batches] == [4, 4, 2] and all(b.column_names == ["text"] for b in batches)
    assert [t for b in batches for t in b.column("text").to_pylist()] == [f"Satz {i}." for i in range(10)]
    assert read_column(path, LID, "sent_id").to_pylist() == list(range(10))


def test_a_column_of_the_wrong_type_is_refused_even_when_another_is_read(tmp_path):
    path = lid_file(tmp_path / "a.parquet", sent_id=pa.array([str(i) for i in range(10)]))
    with pytest.raises(BitextError, match="a.parquet: column 'sent_id' is string"):
        next(iter_batches(path, LID, 4, columns=["text"]))


def test_stages_allocate_arrow_memory_with_the_system_malloc_unless_told_otherwise():
    code = "import pipeline.schemas, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    run = [sys.executable, "-c", code]
    assert subprocess.run(run, env=env, capture_output=True, text=True).stdout.strip() == "system"
    chosen = subprocess.run(run, env={**env, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}, capture_output=True, text=True)
    assert chosen.stdout.strip() in {"jemalloc", "mimalloc"}   # where a wheel lacks jemalloc, Arrow's fallback
