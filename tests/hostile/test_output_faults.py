"""Closed or full outputs and closed inputs: one line on stderr, exit 2; a reader that
goes away early (`| head`) ends the run silently."""

from __future__ import annotations

from support import write_files

from hostile.helpers import SLOW, run_shell


def test_closed_stdout(tmp_path):
    write_files(tmp_path, {"slow.py": SLOW})
    result = run_shell(tmp_path, '"$PERFLINT" . >&-')
    assert result.returncode == 2
    assert result.stderr == "perflint: error: cannot write the results: standard output is closed\n"


def test_closed_stdin_with_dash(tmp_path):
    result = run_shell(tmp_path, 'echo | "$PERFLINT" - <&-')
    assert result.returncode == 2
    assert result.stderr == "perflint: error: cannot read `-`: standard input is closed\n"


def test_full_disk(tmp_path):
    write_files(tmp_path, {"slow.py": SLOW})
    result = run_shell(tmp_path, '"$PERFLINT" . > /dev/full')
    assert result.returncode == 2
    assert result.stderr == ("perflint: error: cannot write the results: No space left on device\n")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    # Enough findings to fill the pipe's buffer after `head` has gone.
    body = "".join(SLOW.replace("render", f"render_{i}") for i in range(1500))
    (tmp_path / "many.py").write_text(body)
    result = run_shell(tmp_path, '"$PERFLINT" --quiet --no-cache many.py | head -n 1')
    assert result.stdout.startswith("many.py:4:9: PFL501")
    assert result.stderr == ""
