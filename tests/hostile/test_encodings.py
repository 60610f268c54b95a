"""Odd codecs and line endings: a file that cannot be decoded is PFL001 naming the
encoding; odd line endings never crash."""

from __future__ import annotations

import pytest

from hostile.helpers import SLOW, run


@pytest.mark.parametrize(
    "source",
    [
        b"# coding: undefined\nx = 1\n",
        b"# coding: punycode\nx = 1\n",
        b"# coding: punycode\nx = '\x80'\n",
        b"# coding: idna\nx = '\xff'\n",
        b"# coding: rot13\nx = 1\n",
        b"# coding: base64\nx = 1\n",
        b"# coding: utf-7\nx = '\xff'\n",
    ],
)
def test_an_odd_codec_is_pfl001_naming_it(tmp_path, source):
    codec = source.split(b"\n")[0].split()[-1].decode()
    (tmp_path / "odd.py").write_bytes(source)
    (tmp_path / "slow.py").write_text(SLOW)
    result = run(tmp_path, ".")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("odd.py:")
    assert f": PFL001 cannot decode as {codec}" in lines[0].replace("'", "")
    assert "crashed" not in lines[0]
    assert lines[1].startswith("slow.py:4:9: PFL501")


@pytest.mark.parametrize(
    "ending", ["\r\n", "\r", "\n\x0c", "\x0b\n", "\x1c\n", "\x85\n", "\u2028\n"]
)
def test_odd_line_endings_never_crash(tmp_path, ending):
    (tmp_path / "odd.py").write_bytes(SLOW.replace("\n", ending).encode("utf-8"))
    result = run(tmp_path, "--quiet", "odd.py")
    assert b"Traceback" not in result.stderr and result.returncode in (0, 1)
    assert result.stderr == b""


def test_syntax_warnings_of_the_linted_code_stay_quiet(tmp_path):
    (tmp_path / "models.py").write_text("x = 1if 1 else 2\nclass M(models.Model): pass\n")
    (tmp_path / "broken.py").write_text("x = 1if 1 else 2\ndef (:\n")
    result = run(tmp_path, "--quiet", ".")
    assert result.returncode == 1
    assert result.stdout.decode().startswith("broken.py:2:5: PFL001 syntax error")
    assert result.stderr == b""
