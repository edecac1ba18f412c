"""`bitext shard` and `bitext run` shard, deduplicate and identify languages with the same units:
the same files give the same sentences, even where a line repeats across files."""

import pyarrow.parquet as pq

from flows.mining import mining_flow
from pipeline.workdir import RunLayout

from ..conftest import SAMPLE


def test_shard_command_gives_the_sentences_of_a_run(tmp_path, bitext):
    en = tmp_path / "en"
    en.mkdir()
    repeated = "Subscribe to our newsletter for the latest news from the city."
    (en / "a.txt").write_text(f"{repeated}\n{repeated}\n\nThe harbour festival starts on Friday evening.\n")
    (en / "b.txt").write_text(f"{repeated}\n\nThe museum opens a second wing next spring.\n\n"
                              "Tickets for the concert are sold out.\nThe bridge is closed for repairs.\n")
    config = tmp_path / "run.yaml"
    config.write_text(f"workdir: work\nlanguages: {{de: {{inputs: [{SAMPLE / 'de'}]}}, en: {{inputs: [en]}}}}\n"
                      "pairs: [de-en]\nembed: {encoder: hashing}\nshard: {boilerplate_min_repeats: 3}\n")
    mining_flow(str(config))
    code, _, err = bitext("shard", "--lang", "en", "--boilerplate-min-repeats", "3", "--out", tmp_path / "shard",
                          en / "a.txt", en / "b.txt")
    assert code == 0, err

    def sentences(root):
        lid = RunLayout(root).lid_path("en", "").parent
        return {p.relative_to(lid).as_posix(): pq.read_table(p).column("text").to_pylist()
                for p in sorted(lid.rglob("part-*.parquet"))}

    by_run, by_shard = sentences(tmp_path / "work"), sentences(tmp_path / "shard")
    assert by_run == by_shard and len(by_run) == 2
    texts = [t for part in by_run.values() for t in part]
    assert texts.count(repeated) == 1     # twice in a.txt: not boilerplate there; b.txt's copy is a duplicate
