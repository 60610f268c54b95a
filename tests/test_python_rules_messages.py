"""The PFL5xx messages name the concrete fix, with the user's own names in it."""

from __future__ import annotations

import pytest
from support import lint_text

CASES = [
    (
        "PFL502",
        "def f(cur, rows):\n    seen = [r[0] for r in cur.fetchall()]\n    for r in rows:\n"
        "        if r in seen:\n            print(r)\n",
        "build a set once before the loop: `seen_set = set(seen)`",
    ),
    (
        "PFL502",
        "seen = []\nfor r in cur.fetchall():\n    if r not in seen:\n        seen.append(r)\n",
        "which this loop also grows",
    ),
    (
        "PFL503",
        "def f(root):\n    queue = [root]\n    while queue:\n"
        "        queue.extend(queue.pop(0).kids)\n",
        "use collections.deque and popleft()",
    ),
    (
        "PFL505",
        "out = []\nfor g in groups:\n    out = out + [g]\n",
        "`out.append(...)` instead",
    ),
    ("PFL506", "n = len(list(d))\nd = {}\nm = len(list(d))\n", "use `len(d)`"),
    (
        "PFL507",
        "def f(users):\n    ids = []\n    for u in users:\n        if u.ok:\n"
        "            ids.append(u.id)\n    return ids\n",
        "`ids = [u.id for u in users if u.ok]`",
    ),
    (
        "PFL507",
        "def f(rows, out: list):\n    for r in rows:\n        out.append(r)\n",
        "`out.extend(rows)`",
    ),
    ("PFL509", "low = sorted(values)[0]\n", "use `min(values)`"),
    (
        "PFL509",
        "top = sorted(posts, key=score, reverse=True)[0]\n",
        "use `max(posts, key=score)`",
    ),
    (
        "PFL510",
        "with open(p) as fh:\n    for line in fh.readlines():\n        print(line)\n",
        "`for line in fh:`",
    ),
    (
        "PFL511",
        "def f(d: dict):\n    for k, v in d.items():\n        print(v)\n",
        "`for v in d.values()`",
    ),
]


@pytest.mark.parametrize(("code", "source", "fix"), CASES)
def test_message_names_the_fix(code, source, fix):
    messages = [f.message for f in lint_text(source, select=(code,)) if f.code == code]
    assert messages, source
    assert any(fix in message for message in messages), messages
