"""Users extend the async and network knowledge from `[tool.perflint.knowledge]`: a blocking
call of their own (PFL301) and a function that sets a session's default timeout (PFL401).
Checked end to end through the real CLI."""

from __future__ import annotations

import textwrap

from support import run_perflint

SERVICE = textwrap.dedent(
    """\
    import requests

    from myapp.http import install_timeouts, make_session
    from myapp.legacy import sync_fetch


    async def refresh_catalog(url):
        return sync_fetch(url)


    class Inventory:
        def __init__(self):
            self.session = requests.Session()
            install_timeouts(self.session)

        def stock(self, sku):
            return self.session.get(f"https://inventory.example.com/stock/{sku}")


    class Catalog:
        def __init__(self):
            self.session: requests.Session = make_session()

        def item(self, sku):
            return self.session.get(f"https://catalog.example.com/items/{sku}")
    """
)


def _perflint(folder, *args):
    return run_perflint(folder, "--select", "PFL301,PFL401", *args, "service.py")


def _project(tmp_path, knowledge: str):
    (tmp_path / "pyproject.toml").write_text(
        f"[project]\nname = 'shop'\n\n[tool.perflint.knowledge]\n{knowledge}"
    )
    (tmp_path / "service.py").write_text(SERVICE)
    return tmp_path


def test_without_declarations_the_wrappers_are_unknown(tmp_path):
    result = _perflint(_project(tmp_path, ""))
    assert result.returncode == 1, result.stderr
    assert "PFL301" not in result.stdout  # sync_fetch is not known to block
    flagged = [line.split(":")[1] for line in result.stdout.splitlines() if "PFL401" in line]
    assert flagged == ["17", "25"], result.stdout


def test_declared_blocking_call_and_timeout_wrapper(tmp_path):
    knowledge = (
        '"blocking.call" = ["myapp.legacy.sync_fetch"]\n'
        '"http.timeout-wrapper" = ["myapp.http.install_timeouts", "myapp.http.make_session"]\n'
    )
    result = _perflint(_project(tmp_path, knowledge))
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, lines
    assert lines[0].startswith("service.py:8:12: PFL301 `sync_fetch()`")
    assert "myapp.legacy.sync_fetch" in lines[0] and "asyncio.to_thread" in lines[0]


def test_an_unknown_kind_is_a_configuration_error(tmp_path):
    result = _perflint(_project(tmp_path, '"blocking.everything" = ["x.y"]\n'))
    assert result.returncode == 2
    assert "blocking.everything" in result.stderr


def test_a_declared_thread_hand_off_is_the_advice_where_the_module_uses_it(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.perflint.knowledge]\n"aio.thread-handoff" = ["myapp.threads.offload"]\n'
    )
    (tmp_path / "media.py").write_text(
        "import os\n"
        "from myapp.threads import offload\n"
        "async def listing(folder):\n"
        "    names = await offload(os.listdir, folder)\n"
        "    return names, os.listdir(folder)\n"
    )
    result = run_perflint(tmp_path, "--select", "PFL301", "media.py")
    assert "use `await offload(...)`, the thread hand-off this module already uses" in result.stdout
