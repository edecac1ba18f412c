"""A step is skipped exactly when its inputs, config and outputs are as its manifest recorded."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.resume import Step


@pytest.fixture
def step_dir(tmp_path):
    (tmp_path / "in.txt").write_text("abc")
    return tmp_path


def _step(d, config=None):
    return Step(d / "manifest.json", [d / "in.txt"], config or {"k": 1})


def _work(d, calls):
    def work():
        calls.append(1)
        (d / "out.txt").write_text((d / "in.txt").read_text().upper())
        return [d / "out.txt"]
    return work


def test_unchanged_step_is_skipped_and_returns_its_outputs(step_dir):
    calls = []
    assert _step(step_dir).run(_work(step_dir, calls)) == (True, [step_dir / "out.txt"])
    assert _step(step_dir).run(_work(step_dir, calls)) == (False, [step_dir / "out.txt"])
    assert len(calls) == 1


@pytest.mark.parametrize("change", ["content", "config", "output_removed", "output_changed"])
def test_any_change_reruns_the_step(step_dir, change):
    calls = []
    _step(step_dir).run(_work(step_dir, calls))
    config = {"k": 1}
    if change == "content":
        (step_dir / "in.txt").write_text("xyz")  # same size: only the checksum tells
    elif change == "config":
        config = {"k": 2}
    elif change == "output_removed":
        (step_dir / "out.txt").unlink()
    else:
        (step_dir / "out.txt").write_text("truncated by a crash")
    ran, _ = _step(step_dir, config).run(_work(step_dir, calls))
    assert ran and len(calls) == 2
    assert (step_dir / "out.txt").read_text() == (step_dir / "in.txt").read_text().upper()


def test_a_step_that_dies_half_way_leaves_no_manifest_and_runs_again(step_dir):
    calls = []
    _step(step_dir).run(_work(step_dir, calls))

    def crash():
        (step_dir / "out.txt").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _step(step_dir, {"k": 2}).run(crash)
    assert not (step_dir / "manifest.json").exists()
    # back to the first config: the half-written output must not be taken for its result
    assert _step(step_dir).run(_work(step_dir, calls))[0] is True
    assert (step_dir / "out.txt").read_text() == "ABC"


def _rooted_step(root, config=None):
    if not (root / "in.txt").exists():
        (root / "in.txt").write_text("abc")
    return Step(root / "manifests" / "m.json", [root / "in.txt"], config or {"k": 1}, root)


@pytest.mark.parametrize("how", ["moved", "copied"])
def test_a_work_directory_moved_or_copied_resumes_without_redoing_the_step(tmp_path, how):
    calls = []
    old = tmp_path / "old"
    old.mkdir()
    _rooted_step(old).run(_work(old, calls))
    assert str(old) not in (old / "manifests" / "m.json").read_text()     # recorded relative to the directory
    new = tmp_path / "new"
    (shutil.move if how == "moved" else shutil.copytree)(old, new)
    assert _rooted_step(new).run(_work(new, calls)) == (False, [new / "out.txt"])
    assert len(calls) == 1


def test_inputs_outside_the_work_directory_stay_absolute(tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    (tmp_path / "crawl.txt").write_text("abc")
    Step(root / "m.json", [tmp_path / "crawl.txt"], {}, root).run(lambda: [])
    assert json.loads((root / "m.json").read_text())["inputs"][0]["path"] == str(tmp_path / "crawl.txt")


def test_absolute_manifests_of_older_runs_resume_in_place_and_never_name_another_copy(tmp_path):
    calls = []
    old = tmp_path / "old"
    old.mkdir()
    _rooted_step(old).run(_work(old, calls))
    manifest = old / "manifests" / "m.json"
    record = json.loads(manifest.read_text())
    for entry in record["inputs"] + record["outputs"]:
        entry["path"] = str(old / entry["path"])                        # as runs before relative paths wrote it
    manifest.write_text(json.dumps(record))
    shutil.copytree(old, tmp_path / "copy")
    assert _rooted_step(old).run(_work(old, calls)) == (False, [old / "out.txt"])
    copy = tmp_path / "copy"
    assert _rooted_step(copy).run(_work(copy, calls)) == (True, [copy / "out.txt"])   # not old's out.txt
    assert len(calls) == 2


def test_a_relative_work_directory_and_relative_paths_resume(tmp_path, monkeypatch):
    # paths a caller gives are relative to the current directory, not to the work directory
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "in.txt").write_text("abc")
    calls = []

    def work():
        calls.append(1)
        (tmp_path / "work" / "out.txt").write_text("ABC")
        return [Path("work") / "out.txt"]

    def step():
        return Step(Path("work") / "m.json", [Path("work") / "in.txt"], {}, Path("work"))

    assert step().run(work) == (True, [Path("work") / "out.txt"])
    record = json.loads((tmp_path / "work" / "m.json").read_text())
    assert [e["path"] for e in record["inputs"] + record["outputs"]] == ["in.txt", "out.txt"]
    assert step().run(work) == (False, [tmp_path / "work" / "out.txt"]) and len(calls) == 1
