import gzip
import io
import json
import lzma

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from pipeline.errors import BitextError
from pipeline.stats import StageStats
from pipeline.text.readers import ReadOptions, expand_inputs, read_documents


def docs(path, **options):
    stats = StageStats("shard", "en")
    return [d.paragraphs for d in read_documents(path, stats, ReadOptions(**options))], stats


def test_plain_text_documents_are_separated_by_blank_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("\ufeffFirst para. Second sentence.\nAnother para.\n\n  \nSecond doc.\n")
    got, stats = docs(path)
    assert got == [["First para. Second sentence.", "Another para."], ["Second doc."]]
    assert not stats.drops


@pytest.mark.parametrize("name, compress", [
    ("a.txt.gz", gzip.compress), ("a.txt.xz", lzma.compress), ("a.txt.zst", zstandard.compress),
    ("misnamed.txt", gzip.compress),   # compression is found by magic number, not by name
])
def test_compressed_text_reads_like_plain_text(tmp_path, name, compress):
    path = tmp_path / name
    path.write_bytes(compress(b"Hallo Welt.\n\nZweites Dokument.\n"))
    assert docs(path) == ([["Hallo Welt."], ["Zweites Dokument."]], StageStats("shard", "en"))


def test_invalid_utf8_in_the_middle_is_counted_and_the_rest_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Good line one.\n" + b"Informaci\xf3n \xfatil\n" + b"Good line two.\n")
    got, stats = docs(path)
    assert got == [["Good line one.", "Good line two."]]
    assert stats.drops == {"invalid_utf8": 1}
    with pytest.raises(BitextError, match=r"a\.txt: line 2 is not valid UTF-8"):
        docs(path, strict=True)


@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".xz", lzma.compress),
                                              (".zst", zstandard.compress)])
def test_truncated_compressed_file_keeps_what_was_read(tmp_path, suffix, compress):
    path = tmp_path / f"a.txt{suffix}"
    body = "".join(f"Sentence number {i} is here.\n\n" for i in range(20000)).encode()
    path.write_bytes(compress(body)[:-200])
    got, stats = docs(path)
    assert 0 < len(got) < 20000
    assert got[:2] == [["Sentence number 0 is here."], ["Sentence number 1 is here."]]
    assert stats.drops == {"unreadable_file": 1}
    with pytest.raises(BitextError, match=rf"a\.txt\{suffix}: stopped reading"):
        docs(path, strict=True)


def test_binary_file_with_a_text_name_is_skipped(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert docs(path) == ([], StageStats("shard", "en", drops={"binary_file": 1}))
    with pytest.raises(BitextError, match="photo.txt: binary data"):
        docs(path, strict=True)


def test_a_50_mb_line_is_cut_not_held(tmp_path):
    path = tmp_path / "long.txt"
    with open(path, "wb") as fh:
        fh.write(b"Before it.\n")
        fh.write("ä".encode() + b"x" * (50 << 20))   # 50 MB, no newline until the end
        fh.write(b"\nAfter it.\n")
    got, stats = docs(path, max_line_bytes=1000)
    assert got[0][0] == "Before it." and got[0][-1] == "After it."
    assert got[0][1] == "ä" + "x" * 998        # the cut line's first 1000 bytes
    assert stats.drops == {"line_truncated": 1}


def test_cut_in_the_middle_of_a_character_drops_only_that_character(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(("x" + "é" * 10 + "\n").encode())
    got, _ = docs(path, max_line_bytes=6)      # x + 2.5 characters
    assert got == [["xéé"]]


def test_empty_files_give_no_documents_and_no_error(tmp_path):
    for name in ["empty.txt", "empty.jsonl"]:
        (tmp_path / name).write_bytes(b"")
        assert docs(tmp_path / name) == ([], StageStats("shard", "en"))
    (tmp_path / "empty.txt.gz").write_bytes(gzip.compress(b""))
    assert docs(tmp_path / "empty.txt.gz")[0] == []


def test_jsonl_uses_the_configured_field_keeps_other_fields_and_counts_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"content": "Para one.\nPara two.", "url": "https://a.example/1"}), "{broken",
             json.dumps({"other": 1}), json.dumps({"content": "Doc two."})]
    path.write_text("\n".join(lines) + "\n")
    stats = StageStats("shard", "en")
    got = list(read_documents(path, stats, ReadOptions(text_field="content")))
    assert [d.paragraphs for d in got] == [["Para one.", "Para two."], ["Doc two."]]
    assert json.loads(got[0].meta) == {"url": "https://a.example/1"} and got[1].meta is None
    assert stats.drops == {"invalid_json": 1, "missing_text_field": 1}
    with pytest.raises(BitextError, match="a.jsonl: record 2 is not valid JSON"):
        docs(path, text_field="content", strict=True)


def test_jsonl_line_cut_at_the_limit_is_skipped_whole(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": "Kept."}) + "\n")
    got, stats = docs(path, max_line_bytes=1000)
    assert got == [["Kept."]] and stats.drops == {"line_truncated": 1}


def warc_record(writer, uri, payload: bytes, content_type="text/html; charset=utf-8", rec_type="response"):
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    if rec_type == "conversion":
        http = None
    record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), http_headers=http,
                                       warc_content_type="text/plain" if rec_type == "conversion" else None)
    writer.write_record(record)


def test_warc_html_and_wet_text_become_documents_with_their_url(tmp_path):
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        warc_record(writer, "https://a.example/", b"<html><body><nav>Home | News</nav><p>Der erste Absatz "
                    b"ist hier.</p><p>Der zweite Absatz folgt.</p><script>x()</script></body></html>")
        warc_record(writer, "https://b.example/logo.png", b"\x89PNG....", content_type="image/png")
        warc_record(writer, "https://c.example/", b"", content_type="text/html")
        warc_record(writer, "https://d.example/", b"Zeile eins.\nZeile zwei.", rec_type="conversion")
    stats = StageStats("shard", "de")
    got = list(read_documents(path, stats))
    assert [d.paragraphs for d in got] == [["Der erste Absatz ist hier.", "Der zweite Absatz folgt."],
                                           ["Zeile eins.", "Zeile zwei."]]
    assert [json.loads(d.meta)["url"] for d in got] == ["https://a.example/", "https://d.example/"]
    assert stats.drops == {"warc_no_text": 2}     # the image and the empty page
    with pytest.raises(BitextError, match="crawl.warc.gz: record for https://b.example/logo.png holds no text"):
        docs(path, strict=True)


def test_parquet_rows_are_documents_and_other_columns_metadata(tmp_path):
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"body": ["Erster Satz.\nZweiter Absatz.", None, "Noch ein Dokument."],
                             "url": ["u1", "u2", "u3"]}), path, row_group_size=2)
    stats = StageStats("shard", "de")
    got = list(read_documents(path, stats, ReadOptions(text_field="body")))
    assert [(d.index, d.paragraphs) for d in got] == [(0, ["Erster Satz.", "Zweiter Absatz."]),
                                                      (2, ["Noch ein Dokument."])]
    assert [json.loads(d.meta) for d in got] == [{"url": "u1"}, {"url": "u3"}]
    assert stats.drops == {"missing_text_field": 1}
    assert docs(path, text_field="text") == ([], StageStats("shard", "en", drops={"missing_text_field": 1}))


def test_parquet_cell_longer_than_the_limit_is_cut_and_counted(tmp_path):
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"text": ["Kurz.", "ä" + "x" * 5000]}), path)
    got, stats = docs(path, max_line_bytes=1000)
    assert got == [["Kurz."], ["ä" + "x" * 998]]
    assert stats.drops == {"line_truncated": 1}


def test_inputs_expand_from_files_directories_and_globs(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ["d/b.txt", "d/a.jsonl", "d/notes.md", "d/c.warc.gz", "d/e.parquet", "d/f.txt.zst", "c.txt.gz"]:
        (tmp_path / name).write_text("x")
    got = expand_inputs([str(tmp_path / "d"), str(tmp_path / "*.gz"), str(tmp_path / "d/b.txt")])
    assert [p.name for p in got] == ["a.jsonl", "b.txt", "c.warc.gz", "e.parquet", "f.txt.zst", "c.txt.gz"]


@pytest.mark.parametrize("item, message", [("missing.txt", "no such file or directory"),
                                            ("*.nothing", "no file matches")])
def test_missing_inputs_are_one_line_errors(tmp_path, item, message):
    with pytest.raises(BitextError, match=message):
        expand_inputs([str(tmp_path / item)])
