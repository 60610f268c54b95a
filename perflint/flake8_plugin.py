"""The flake8 plugin: ``flake8 --select PFL`` reports perflint's findings with the same
codes, positions and messages, honouring perflint's configuration (the nearest
``[tool.perflint]`` of each file: selection, per-file ignores, SQL dialect, knowledge).

Which files are checked is flake8's choice (its own ``exclude`` options). flake8 hands the
plugin the file's text as it read it, from disk or stdin, so an editor's unsaved buffer is
linted as it is.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from perflint import __version__
from perflint.config import Config, ConfigError, Configs
from perflint.discovery import SourceFile
from perflint.registry import PARSE_ERROR
from perflint.runner import Runner

_STDIN_NAMES = ("stdin", "-")


@lru_cache(maxsize=16)
def _runner(config: Config) -> Runner:
    """A runner whose profile for `config` knows the project where flake8 runs."""
    runner = Runner()
    runner.prepare([SourceFile(str(config.root), config.root, config)], roots=[Path.cwd()])
    return runner


def _source_bytes(lines: list[str]) -> bytes:
    """The text flake8 decoded, in the encoding its coding declaration names."""
    text = "".join(lines)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
        return text.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    except (SyntaxError, LookupError, UnicodeEncodeError):
        return text.encode("utf-8")


class Plugin:
    name = "perflint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        path = Path(self.filename)
        anchor = Path.cwd() if self.filename in _STDIN_NAMES else path
        try:
            config = Configs().for_path(anchor)
            runner = _runner(config)
        except ConfigError as error:  # shown on the file, where an editor shows findings
            yield (
                1,
                0,
                f"{PARSE_ERROR.code} cannot use the perflint configuration: {error}",
                type(self),
            )
            return
        source = SourceFile(self.filename, path, config)
        result = runner.lint(source, _source_bytes(self.lines))
        for finding in result.findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)
