"""The README's configuration reference, config example, pre-commit snippet and GitHub
Actions steps work when copied (the repository URL aside: it points at this checkout)."""

from __future__ import annotations

import json
import re
import shlex
import sys

import pytest
import yaml
from support import ROOT, run_perflint, write_files
from test_precommit import PRE_COMMIT, SLOW, make_repo, run_hooks, shared_home

from perflint.config import KEYS, Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str, language: str) -> str:
    section = README.split(f"\n{heading}\n", 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.DOTALL).group(1)


def reference_table() -> dict[str, str]:
    section = README.split("Every key, with its default:", 1)[1]
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \| .+ \|$", section, re.MULTILINE)
    return dict(rows)


def test_the_reference_lists_every_key_with_its_default():
    table = reference_table()
    assert set(table) == set(KEYS)
    defaults = Config(root=ROOT)
    for key, cell in table.items():
        attr = KEYS[key][0]
        expected = getattr(defaults, attr)
        if cell == "none":
            assert expected is None, key
            continue
        value = tomllib.loads(f"v = {cell.strip('`')}")["v"]
        assert value == (list(expected) if isinstance(expected, tuple) else expected) or (
            value == {} and expected == ()
        ), key


def test_the_config_example_is_accepted(tmp_path):
    write_files(tmp_path, {"pyproject.toml": block_after("## Configuration", "toml")})
    write_files(tmp_path, {"app.py": SLOW})
    result = run_perflint(tmp_path, ".")
    assert result.returncode == 1, result.stderr
    assert "app.py:4:9: PFL501" in result.stdout


def test_the_github_actions_steps(tmp_path):
    workflow = yaml.safe_load(block_after("## GitHub Actions", "yaml"))
    commands = [step["run"] for step in workflow["jobs"]["perflint"]["steps"] if "run" in step]
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"app/views.py": SLOW})
    results = [
        run_perflint(tmp_path, *shlex.split(command)[1:])
        for command in commands
        if command.startswith("perflint ")
    ]
    sarif_step, annotations_step = results
    assert sarif_step.returncode == 0
    sarif = json.loads((tmp_path / "perflint.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "PFL501"
    assert annotations_step.returncode == 1
    assert annotations_step.stdout.startswith("::warning file=app/views.py,line=4,")


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a test dependency")
def test_the_pre_commit_snippet(tmp_path, tmp_path_factory):
    snippet = yaml.safe_load(block_after("## pre-commit", "yaml"))
    snippet["repos"][0]["repo"] = str(ROOT)  # this checkout stands for perflint's URL
    repo = make_repo(
        tmp_path / "repo",
        {
            "pyproject.toml": '[tool.perflint]\nextend-exclude = ["generated/"]\n',
            "generated/client.py": SLOW,
            "app.py": SLOW,
        },
        config=snippet,
    )
    result = run_hooks(repo, shared_home(tmp_path_factory))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:4:9: PFL501" in result.stdout
    assert "generated/" not in result.stdout
