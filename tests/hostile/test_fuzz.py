"""Bounded fuzzing of the whole engine: generated programs (hypothesmith) and byte-level
mutations of the rule fixtures go through `lint_source` with every rule. A bad file may
only give PFL001; any exception fails the test and the input is saved under
`fuzz_inputs/`, where `test_saved_inputs` keeps it as a regression test.

Deterministic: a fixed seed and a fixed number of examples (hypothesis derandomized),
each part also stopped at a time budget so a slow CI machine stays within a minute or so.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from support import FIXTURES

from perflint.engine import lint_source
from perflint.knowledge import default_knowledge
from perflint.registry import all_rules

SAVED = Path(__file__).parent / "fuzz_inputs"
RULES = tuple(all_rules().values())
KNOWLEDGE = default_knowledge()
MUTATIONS = 1500
MUTATION_SECONDS = 35.0
GENERATED = 100

# Bytes that tend to break tokenizers, parsers and position arithmetic.
_SNIPPETS = [
    b"(", b")", b"[", b"]", b"{", b"}", b":", b"\\\n", b"\r", b"\r\n", b"\x0c", b"\x0b",
    b"\t", b"\xff", b"\xc3", b"\xe2\x80\xa8", b'"""', b"'''", b"'", b'"', b"#", b"# noqa",
    b"f'{", b"}'", b"async ", b"await ", b"lambda: ", b"yield ", b"for x in y:\n    ",
    b"\n    ", b"\n", b"@", b"*", b"**", b":=", b"->", b"\x1c", b"\xc2\x85", b"\xef\xbb\xbf",
]  # fmt: skip


def _check(data: bytes, origin: str) -> None:
    """Lint `data`; on an exception save it for a regression test and fail."""
    try:
        lint_source("fuzz.py", data, RULES, KNOWLEDGE)
    except Exception as error:
        SAVED.mkdir(exist_ok=True)
        name = f"{origin}-{hashlib.blake2b(data, digest_size=8).hexdigest()}.src"
        (SAVED / name).write_bytes(data)
        pytest.fail(f"{type(error).__name__}: {error} on an input saved as {SAVED / name}")


def _mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        span = rng.randint(1, 40)
        choice = rng.randrange(5)
        if choice == 0:
            data = data[:at] + rng.choice(_SNIPPETS) + data[at:]
        elif choice == 1:
            data = data[:at] + data[at + span :]
        elif choice == 2:
            data = data[:at] + data[at : at + span] * 2 + data[at + span :]
        elif choice == 3 and data:
            flip = rng.randrange(len(data))
            data = data[:flip] + bytes([data[flip] ^ (1 << rng.randrange(8))]) + data[flip + 1 :]
        else:
            lines = data.split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return data


def test_mutated_fixtures_only_give_pfl001():
    rng = random.Random(20240614)
    fixtures = [path.read_bytes() for path in sorted(FIXTURES.rglob("*.py"))]
    deadline = time.monotonic() + MUTATION_SECONDS
    for _ in range(MUTATIONS):
        if time.monotonic() > deadline:
            break
        _check(_mutate(rng.choice(fixtures), rng), "mutated")


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it makes
@settings(
    max_examples=GENERATED,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(source=hypothesmith.from_grammar())
def test_generated_programs_only_give_pfl001(source):
    _check(source.encode("utf-8", "surrogatepass"), "generated")


@pytest.mark.parametrize("saved", sorted(SAVED.glob("*.src")), ids=lambda path: path.name)
def test_saved_inputs(saved):
    """Inputs that once raised (found by the fuzzer or by hand): they stay fixed."""
    _check(saved.read_bytes(), "saved")


def test_an_input_that_raises_is_saved_and_fails(tmp_path, monkeypatch):
    def raising(*args, **kwargs):
        raise IndexError("a bug")

    monkeypatch.setattr(__name__ + ".SAVED", tmp_path / "saved")
    monkeypatch.setattr(__name__ + ".lint_source", raising)
    with pytest.raises(pytest.fail.Exception, match="IndexError: a bug"):
        _check(b"x = 1\n", "mutated")
    [saved] = (tmp_path / "saved").iterdir()
    assert saved.name.startswith("mutated-") and saved.read_bytes() == b"x = 1\n"
