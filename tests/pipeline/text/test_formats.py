import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.stats import StageStats
from pipeline.text.documents import Document
from pipeline.text.formats import FORMATS, InputFormat
from pipeline.text.readers import read_documents
from pipeline.text.sources import expand_inputs, input_format

TEXT_PACKAGE = Path(__file__).resolve().parents[3] / "pipeline" / "text"


@pytest.mark.parametrize("name, suffixes", [(f.name, f.suffixes) for f in FORMATS.values()])
def test_every_claimed_suffix_names_its_format_with_or_without_compression(name, suffixes):
    for suffix in suffixes:
        assert input_format(Path(f"crawl{suffix.upper()}")) == name
        assert input_format(Path(f"crawl{suffix}.zst")) == name
    assert input_format(Path("notes.md")) == "text"


def test_a_new_format_is_one_row(tmp_path, monkeypatch):
    def tsv_documents(src):
        for index, line in enumerate(src.path.read_text().splitlines()):
            url, text = line.split("\t")
            yield Document(index, [text], json.dumps({"url": url}))

    monkeypatch.setitem(FORMATS, "tsv", InputFormat("tsv", (".tsv",), tsv_documents))
    (tmp_path / "d").mkdir()
    (tmp_path / "d/a.tsv.gz").write_bytes(b"")
    (tmp_path / "d/b.tsv").write_text("https://a.example/\tHallo Welt.\n")
    (tmp_path / "d/c.md").write_text("not a crawl file")
    assert [p.name for p in expand_inputs([str(tmp_path / "d")])] == ["a.tsv.gz", "b.tsv"]
    assert input_format(tmp_path / "d/b.tsv") == "tsv"
    (doc,) = read_documents(tmp_path / "d/b.tsv", StageStats("shard", "de"))
    assert doc.paragraphs == ["Hallo Welt."] and json.loads(doc.meta) == {"url": "https://a.example/"}


def _imports(module: Path) -> set[str]:
    """pipeline.text modules `module` imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        found |= {n.removeprefix("pipeline.text.") for n in names if n.startswith("pipeline.text.")}
    return found


def test_no_text_module_imports_one_that_imports_it_back():
    graph = {p.stem: _imports(p) for p in TEXT_PACKAGE.glob("*.py")}

    def reachable(start):
        seen, todo = set(), [start]
        while todo:
            for dep in graph.get(todo.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return seen

    assert [m for m in graph if m in reachable(m)] == []


def test_reading_setup_does_not_load_the_warc_and_html_libraries():
    code = ("import sys, pipeline.text.readers, pipeline.text.sources; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('warcio', 'resiliparse')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
