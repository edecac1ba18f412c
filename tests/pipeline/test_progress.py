import logging

from pipeline.progress import progress


def test_without_a_terminal_progress_is_about_ten_log_lines(caplog):
    log = logging.getLogger("pipeline.test")
    with caplog.at_level(logging.INFO, logger="pipeline.test"):
        assert list(progress(iter(range(95)), 95, "embed", log)) == list(range(95))
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "embed: 9/95 done" and lines[-1] == "embed: 95/95 done" and len(lines) == 11
