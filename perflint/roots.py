"""The folders paths are relative to: the git work tree and the project root."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from perflint.files import resolved


@lru_cache(maxsize=4096)
def git_root(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder` (an absolute path), or None."""
    if (folder / ".git").exists():
        return folder
    return None if folder.parent == folder else git_root(folder.parent)


def project_root(folder: Path, config_root: Path) -> Path:
    """What reported paths (SARIF uris, baseline fingerprints) are relative to: the git
    work tree holding `folder` (code scanning resolves paths against it), else the folder
    of the configuration in force."""
    return git_root(resolved(Path(folder))) or resolved(config_root)


def common_folder(paths: list[Path]) -> Path:
    """The deepest folder holding every one of `paths` (files or folders)."""
    absolute = [resolved(p) for p in paths]
    common = absolute[0] if absolute[0].is_dir() else absolute[0].parent
    for path in absolute[1:]:
        while not path.is_relative_to(common):
            common = common.parent
    return common
