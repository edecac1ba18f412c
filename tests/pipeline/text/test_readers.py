import gzip
import json

import pytest

from pipeline.errors import BitextError
from pipeline.stats import StageStats
from pipeline.text.readers import expand_inputs, read_documents


def docs(path, field="text"):
    stats = StageStats("shard", "en")
    return [d.paragraphs for d in read_documents(path, field, stats)], stats


def test_plain_text_documents_are_separated_by_blank_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("First para. Second sentence.\nAnother para.\n\n  \nSecond doc.\n")
    got, stats = docs(path)
    assert got == [["First para. Second sentence.", "Another para."], ["Second doc."]]
    assert not stats.drops


def test_gzip_reads_like_plain_text(tmp_path):
    path = tmp_path / "a.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("Hallo Welt.\n\nZweites Dokument.\n")
    assert docs(path)[0] == [["Hallo Welt."], ["Zweites Dokument."]]


def test_invalid_utf8_lines_are_counted_and_skipped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Good line one.\n" + b"Informaci\xf3n \xfatil\n" + b"Good line two.\n")
    got, stats = docs(path)
    assert got == [["Good line one.", "Good line two."]]
    assert stats.drops == {"invalid_utf8": 1}


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    path = tmp_path / "a.txt.gz"
    body = "".join(f"Sentence number {i} is here.\n\n" for i in range(2000)).encode()
    path.write_bytes(gzip.compress(body)[:-200])
    got, stats = docs(path)
    assert 0 < len(got) < 2000
    assert stats.drops == {"unreadable_file": 1}


def test_jsonl_uses_the_configured_field_and_counts_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"content": "Para one.\nPara two."}), "{broken", json.dumps({"other": 1}),
             json.dumps({"content": "Doc two."})]
    path.write_text("\n".join(lines) + "\n")
    got, stats = docs(path, field="content")
    assert got == [["Para one.", "Para two."], ["Doc two."]]
    assert stats.drops == {"invalid_json": 1, "missing_text_field": 1}


def test_inputs_expand_from_files_directories_and_globs(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ["d/b.txt", "d/a.jsonl", "d/notes.md", "c.txt.gz"]:
        (tmp_path / name).write_text("x")
    got = expand_inputs([str(tmp_path / "d"), str(tmp_path / "*.gz"), str(tmp_path / "d/b.txt")])
    assert [p.name for p in got] == ["a.jsonl", "b.txt", "c.txt.gz"]


@pytest.mark.parametrize("item, message", [("missing.txt", "no such file or directory"),
                                            ("*.nothing", "no file matches")])
def test_missing_inputs_are_one_line_errors(tmp_path, item, message):
    with pytest.raises(BitextError, match=message):
        expand_inputs([str(tmp_path / item)])
