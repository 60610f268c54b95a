"""The pinned corpus of projects.toml: fetch each sdist once, verify it, extract it.

The download URL is not pinned: it is looked up by file name on the package index pip is
configured to use (PEP 691 JSON, else the PEP 503 HTML page), and the sha256 pinned here
decides whether the file is the right one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECTS_FILE = Path(__file__).resolve().parent / "projects.toml"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "perflint-realcode"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


class CorpusError(Exception):
    pass


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    sdist: str  # the sdist's file name on the index
    sha256: str
    paths: tuple[str, ...]  # what to lint, relative to the extracted sdist's root
    kind: str

    def source_dir(self, cache: Path) -> Path:
        return cache / "src" / f"{self.name}-{self.version}"


def load_projects(path: Path = PROJECTS_FILE) -> list[Project]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("project", [])
    for entry in entries:
        missing = [
            key for key in ("name", "version", "sdist", "sha256", "paths") if key not in entry
        ]
        if missing:
            raise CorpusError(f"{path}: a [[project]] lacks {', '.join(missing)}")
    return [
        Project(
            name=entry["name"],
            version=entry["version"],
            sdist=entry["sdist"],
            sha256=entry["sha256"],
            paths=tuple(entry["paths"]),
            kind=entry.get("kind", ""),
        )
        for entry in entries
    ]


def index_url() -> str:
    """The index pip would use: PIP_INDEX_URL, pip's configured index-url, or pip's default."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"]
    configured = subprocess.run(
        [sys.executable, "-m", "pip", "config", "get", "global.index-url"],
        capture_output=True,
        text=True,
    )
    if configured.returncode == 0 and configured.stdout.strip():
        return configured.stdout.strip()
    from pip._internal.models.index import PyPI  # pip's own default, so no host is named here

    return PyPI.simple_url


class _Anchors(HTMLParser):
    """The file links of a PEP 503 project page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links[data.strip()] = self._href
            self._href = None


def sdist_url(project: Project, index: str) -> str:
    page = urljoin(index.rstrip("/") + "/", f"{project.name}/")
    request = urllib.request.Request(page, headers={"Accept": f"{SIMPLE_JSON}, text/html;q=0.1"})
    with urllib.request.urlopen(request, timeout=60) as response:
        content_type = response.headers.get_content_type()
        body = response.read().decode("utf-8")
    if content_type == SIMPLE_JSON:
        links = {f["filename"]: f["url"] for f in json.loads(body)["files"]}
    else:
        parser = _Anchors()
        parser.feed(body)
        links = parser.links
    if project.sdist not in links:
        raise CorpusError(f"{project.name}: {project.sdist} is not on the index {index}")
    return urldefrag(urljoin(page, links[project.sdist])).url


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(project: Project, cache: Path) -> Path:
    """The verified sdist in the cache, downloaded on first use."""
    target = cache / "downloads" / project.sdist
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        url = sdist_url(project, index_url())
        print(f"downloading {project.sdist}", file=sys.stderr)
        with (
            tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as partial,
            urllib.request.urlopen(url, timeout=300) as response,
        ):
            shutil.copyfileobj(response, partial)
        os.replace(partial.name, target)
    digest = _sha256(target)
    if digest != project.sha256:
        raise CorpusError(
            f"{target}: sha256 {digest}, expected {project.sha256} (delete it to download again)"
        )
    return target


def extract(project: Project, cache: Path) -> Path:
    """The sdist's root folder, extracted once (a half-done extraction is never kept)."""
    root = project.source_dir(cache)
    if root.is_dir():
        return root
    sdist = download(project, cache)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as scratch:
        with tarfile.open(sdist) as archive:
            archive.extractall(scratch, filter="data")
        tops = list(Path(scratch).iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise CorpusError(f"{sdist}: expected one top-level folder, found {len(tops)}")
        os.replace(tops[0], root)
    return root
