"""PFL301 end to end: a module that imports no async library runs on the project's event
loop, which the other linted files show."""

from __future__ import annotations

from textwrap import dedent

from support import run_perflint, write_files

from perflint.project.event_loop import MIXED, NO_LOOP, ProjectLoop, discover

NEUTRAL = """
    import os

    async def purge(paths):
        for path in paths:
            os.remove(path)
"""
TWISTED = "from twisted.internet import defer\n"
ASYNCIO = "import asyncio\n"


def _pfl301(tmp_path, files: dict[str, str]) -> list[str]:
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\n", **files})
    result = run_perflint(tmp_path, "--select", "PFL301", "--no-cache", ".")
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith("app/media.py")]


def test_a_module_of_a_twisted_project_gets_twisted_advice(tmp_path):
    files = {f"app/handler{i}.py": TWISTED for i in range(4)}
    (finding,) = _pfl301(tmp_path, {**files, "app/helpers.py": ASYNCIO, "app/media.py": NEUTRAL})
    assert "`await deferToThread(...)`" in finding


def test_the_project_thread_helper_is_advised_where_the_module_imports_none(tmp_path):
    helper = TWISTED + "from app.logcontext import defer_to_thread\n"
    files = {"app/one.py": helper, "app/two.py": helper, "app/media.py": TWISTED + dedent(NEUTRAL)}
    (finding,) = _pfl301(tmp_path, files)
    assert (
        "`await defer_to_thread(...)` (`app.logcontext`), the project's thread hand-off" in finding
    )


def test_where_the_project_mixes_event_loops_a_module_importing_none_is_not_reported(tmp_path):
    files = {"app/twisted_side.py": TWISTED, "app/asyncio_side.py": ASYNCIO}
    assert _pfl301(tmp_path, {**files, "app/media.py": NEUTRAL}) == []


def test_a_project_importing_no_async_library_gets_asyncio_advice(tmp_path):
    (finding,) = _pfl301(tmp_path, {"app/media.py": NEUTRAL})
    assert "`await asyncio.to_thread(...)`" in finding


def test_the_project_loop_is_the_one_four_in_five_importing_files_name():
    assert discover([b"import asyncio\n", b"from anyio import run\n"]).loop == "asyncio"
    files = [b"    from twisted.internet import reactor\n"] * 4 + [b"import trio\n"]
    assert discover(files).loop == "twisted"
    assert discover([b"import twisted\n", b"import trio\n"]).loop == MIXED
    quoted = [b"import os\n", b"# import asyncio\n", b"x = 'import trio'\n", b"import asyncio_x\n"]
    assert discover(quoted).loop == NO_LOOP


def test_the_project_helper_is_the_hand_off_most_files_import_from_the_project():
    files = [
        b"from app.threads import defer_to_thread\n",
        b"from app.threads import (\n    run_in_background,\n    defer_to_thread,\n)\n",
        b"from app.other import run_in_executor, x\n",
        b"from asyncio import to_thread\nfrom twisted.internet.threads import deferToThread\n",
        b"from app.threads import x\n\nclass A:\n    defer_to_thread = 1\n",
    ]
    assert discover(files) == ProjectLoop(MIXED, "app.threads.defer_to_thread")
