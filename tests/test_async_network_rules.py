"""Details of the async and network rules that fixtures do not show: framework-specific
advice, and `pathlib` receivers typed through `/`, `.parent` and path methods."""

from __future__ import annotations

from support import ROOT, lint_text

from perflint.config import Config


def _messages(source: str, code: str) -> list[str]:
    return [f.message for f in lint_text(source, select=(code,)) if f.code == code]


def test_advice_follows_the_framework_the_module_imports():
    body = "async def tick():\n    time.sleep(1)\n    subprocess.run(['ls'])\n"
    asyncio_advice = _messages("import time, subprocess\n" + body, "PFL301")
    trio_advice = _messages("import time, subprocess, trio\n" + body, "PFL301")
    anyio_advice = _messages("import time, subprocess\nfrom anyio import run\n" + body, "PFL301")
    assert "asyncio.sleep" in asyncio_advice[0] and "create_subprocess_exec" in asyncio_advice[1]
    assert "trio.sleep" in trio_advice[0] and "trio.run_process" in trio_advice[1]
    assert "anyio.sleep" in anyio_advice[0] and "anyio.run_process" in anyio_advice[1]


def test_pathlib_receivers_are_traced_through_division_and_path_methods():
    source = (
        "from pathlib import Path\n"
        "BASE = Path(__file__).parent\n"
        "async def load(name: str):\n"
        "    config = (BASE / 'conf' / name).with_suffix('.toml')\n"
        "    if config.is_file():\n"
        "        return config.read_text()\n"
        "    return config.name\n"
    )
    messages = _messages(source, "PFL301")
    assert len(messages) == 2
    assert "pathlib.Path.is_file" in messages[0] and "pathlib.Path.read_text" in messages[1]


def test_message_names_the_family_and_the_call_as_written():
    source = "import requests\nasync def f(s: requests.Session):\n    s.get('u', timeout=1)\n"
    (message,) = _messages(source, "PFL301")
    assert message.startswith("`s.get()` (`requests.Session.get`) is a synchronous HTTP request")


def test_an_awaited_call_is_never_blocking_even_if_declared():
    config = Config(root=ROOT, knowledge=(("blocking.call", ("myapp.storage.fetch",)),))
    source = (
        "from myapp.storage import fetch\n"
        "async def load(key):\n"
        "    first = await fetch(key)\n"
        "    return first, fetch(key)\n"
    )
    findings = lint_text(source, select=("PFL301",), config=config)
    assert [(f.line, f.code) for f in findings] == [(4, "PFL301")]


def test_a_metadata_call_ranks_low_unless_a_loop_repeats_it():
    source = (
        "import os\n"
        "async def purge(root, names):\n"
        "    os.makedirs(root, exist_ok=True)\n"
        "    for name in names:\n"
        "        os.remove(os.path.join(root, name))\n"
        "    with open(os.path.join(root, 'log')) as log:\n"
        "        return log.read()\n"
    )
    findings = lint_text(source, select=("PFL301",))
    assert [(f.line, f.impact) for f in findings] == [(3, "low"), (5, "high"), (6, "high")]
