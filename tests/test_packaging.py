"""The distribution: metadata, and an install that never needs a compiler (pip finds a
wheel for every dependency, for this interpreter and platform).

The wheel-only install is checked with the running interpreter and with every
interpreter listed in PERFLINT_TEST_PYTHONS (paths separated by os.pathsep), e.g.
a Python 3.10 and the newest one available.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from support import ROOT

PYTHONS = [
    sys.executable,
    *filter(None, os.environ.get("PERFLINT_TEST_PYTHONS", "").split(os.pathsep)),
]


def test_metadata_names_the_license_python_versions_and_urls():
    meta = metadata.metadata("perflint")
    assert meta["License-Expression"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    classifiers = meta.get_all("Classifier")
    assert "Programming Language :: Python :: 3.10" in classifiers
    labels = {entry.split(",")[0] for entry in meta.get_all("Project-URL")}
    assert {"Homepage", "Repository", "Rules"} <= labels


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = folder.glob("perflint-*.whl")
    return built


@pytest.mark.parametrize("python", PYTHONS)
def test_every_dependency_installs_from_a_wheel(python, wheel, tmp_path):
    report = tmp_path / "report.json"
    result = subprocess.run(
        [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        + ["--report", str(report), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    installs = json.loads(report.read_text())["install"]
    names = {item["metadata"]["name"].lower() for item in installs}
    assert {"perflint", "libcst", "click", "sqlglot", "pathspec"} <= names
    # What pip picks on its own, not what it could be forced to: a source archive is a build.
    sources = [item["download_info"]["url"] for item in installs]
    assert all(url.endswith(".whl") for url in sources), [
        u for u in sources if not u.endswith(".whl")
    ]
