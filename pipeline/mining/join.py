"""The last task of a pair mined as tasks: the selected pairs joined with their texts and provenance.

The sentence shards are never loaded whole: DuckDB streams them, joins on row numbers (each
shard's file row number plus its offset in the side) and keeps the pairs' order; memory is
capped and its sort spills to disk. Each pair carries where each side came from (crawl file,
document, URL where the crawl had one) and each side's language-ID score, as NLLB's mined data
does, so a trainer can filter by source or trace a bad pair.
"""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic import atomic_path
from pipeline.errors import BitextError
from pipeline.mining.job import PairJob, SideFiles
from pipeline.schemas import PAIRS
from pipeline.work import Outcome

MEMORY_LIMIT = "1GB"


def join_unit(job: PairJob, stats: tuple[Path, ...]) -> Outcome:
    out = job.layout.pairs_path(job.src.lang, job.tgt.lang)

    def work() -> list:
        return [join_texts(job.selected_path, job.src, job.tgt, out)]

    step = job.step("join", "pairs", [job.selected_path, *job.src.lids, *job.tgt.lids])
    ran, _ = step.run(work)
    return Outcome(ran, str(out), stats)


def join_texts(selected: Path, src: SideFiles, tgt: SideFiles, out: Path, threads: int = 1) -> Path:
    con = _connect(src, tgt, threads)
    try:
        query = f"""WITH {_side_rows("s")}, {_side_rows("t")}
                    SELECT $src_lang AS src_lang, $tgt_lang AS tgt_lang, p.src_id, p.tgt_id,
                           s.text AS src_text, t.text AS tgt_text, p.score, p.cosine, p.quality,
                           {_provenance("s", "src")}, {_provenance("t", "tgt")}
                    FROM read_parquet($selected, file_row_number = true) p
                    JOIN s_rows s ON s.row = p.src JOIN t_rows t ON t.row = p.tgt
                    ORDER BY p.file_row_number"""
        params = {"src_lang": src.lang, "tgt_lang": tgt.lang, "selected": str(selected),
                  "s_paths": [str(p) for p in src.lids], "t_paths": [str(p) for p in tgt.lids]}
        reader = con.sql(query, params=params).to_arrow_reader(65_536)
        rows = 0
        with atomic_path(out) as tmp, pq.ParquetWriter(tmp, PAIRS) as writer:
            for batch in reader:
                table = pa.Table.from_batches([batch])
                _check_ids(table, selected)
                rows += table.num_rows
                writer.write_table(_as_pairs(table))
            if rows != pq.ParquetFile(selected).metadata.num_rows:
                raise BitextError(f"{selected}: {rows} pairs joined with their sentences, expected "
                                  f"{pq.ParquetFile(selected).metadata.num_rows}; re-run the embed stage")
    finally:
        con.close()
    return out


def run_texts(run: Path, src: SideFiles, tgt: SideFiles) -> tuple[list[str], list[str]]:
    """The texts of each candidate's two sentences, in the order of the candidate run's rows."""
    con = _connect(src, tgt, 1)
    try:
        query = f"""WITH {_side_rows("s")}, {_side_rows("t")}
                    SELECT s.text AS src_text, t.text AS tgt_text
                    FROM read_parquet($run, file_row_number = true) p
                    JOIN s_rows s ON s.row = p.src JOIN t_rows t ON t.row = p.tgt
                    ORDER BY p.file_row_number"""
        params = {"run": str(run), "s_paths": [str(p) for p in src.lids], "t_paths": [str(p) for p in tgt.lids]}
        table = con.sql(query, params=params).to_arrow_table()
    finally:
        con.close()
    if table.num_rows != pq.ParquetFile(run).metadata.num_rows:
        raise BitextError(f"{run}: candidates no longer match the sentence shards; re-run the embed stage")
    return table["src_text"].to_pylist(), table["tgt_text"].to_pylist()


def _connect(src: SideFiles, tgt: SideFiles, threads: int):
    """A DuckDB connection that knows each side's sentence shards and their row offsets."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "threads": threads})
    for name, side in (("s", src), ("t", tgt)):
        con.register(f"{name}_files", pa.table({"file": [str(p) for p in side.lids],
                                                "offset": side.offsets[:-1].astype("int64")}))
    return con


def _side_rows(name: str) -> str:
    """A side's sentences numbered by row: each shard's own row number plus the shard's offset."""
    return f"""{name}_rows AS (SELECT f.offset + r.file_row_number AS row, r.*
               FROM read_parquet(${name}_paths, filename = true, file_row_number = true) r
               JOIN {name}_files f ON r.filename = f.file)"""


def _provenance(alias: str, side: str) -> str:
    return (f"{alias}.source AS {side}_source, {alias}.doc_id AS {side}_doc_id, "
            f"json_extract_string({alias}.doc_meta, '$.url') AS {side}_url, "
            f"{alias}.lid_score AS {side}_lid_score, {alias}.sent_id AS {side}_sent_id")


def _check_ids(table: pa.Table, selected: Path) -> None:
    for p in ("src", "tgt"):
        if table[f"{p}_id"] != table[f"{p}_sent_id"].cast(pa.uint64()):
            raise BitextError(f"{selected}: {p} rows no longer hold the sentences mined; re-run the mine stage")


def _as_pairs(table: pa.Table) -> pa.Table:
    columns = {name: table[name] if name in table.column_names else pa.nulls(table.num_rows, PAIRS.field(name).type)
               for name in PAIRS.names}
    return pa.table(columns).cast(PAIRS)
