"""Qualified module names of the project's files, and names from relative imports."""

from __future__ import annotations

from pathlib import Path


def module_name(path: Path) -> str:
    """``app/store.py`` -> ``app.store`` while the folders up from it are packages (hold an
    ``__init__.py``); a file in no package is its stem, a package's ``__init__.py`` the
    package."""
    path = Path(path).absolute()
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts))


def absolute_name(qualname: str, module: str, is_package: bool) -> str:
    """A name from a relative import (``..store.fetch``) made absolute for `module` (a
    package's ``__init__`` when `is_package`)."""
    dots = len(qualname) - len(qualname.lstrip("."))
    if not dots:
        return qualname
    parts = module.split(".") if module else []
    keep = len(parts) - dots + (1 if is_package else 0)
    base = ".".join(parts[: max(keep, 0)])
    rest = qualname[dots:]
    return f"{base}.{rest}" if base and rest else base or rest
