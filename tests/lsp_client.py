"""A minimal Language Server Protocol client for the tests: starts `perflint-lsp` as a
subprocess and speaks JSON-RPC to it over its stdin and stdout."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

PERFLINT_LSP = shutil.which("perflint-lsp", path=str(Path(sys.executable).parent)) or "perflint-lsp"
TIMEOUT = 60.0  # seconds to wait for any one answer (the machine may be busy)


def _read_messages(stream: BinaryIO, inbox: queue.Queue) -> None:
    while True:
        length = None
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        if line == b"" or length is None:
            inbox.put(None)  # the server closed its output
            return
        inbox.put(json.loads(stream.read(length)))


class LspClient:
    def __init__(self, cwd: Path, *args: str) -> None:
        self.stderr = (cwd / "perflint-lsp.log").open("wb")
        self.process = subprocess.Popen(
            [PERFLINT_LSP, *args],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        reader = threading.Thread(
            target=_read_messages, args=(self.process.stdout, self.inbox), daemon=True
        )
        reader.start()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        answer = self._receive(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in answer, answer
        return answer["result"]

    def wait_for(self, method: str, wanted: Callable[[dict], bool]) -> dict[str, Any]:
        """The params of the first notification `method`, not taken before, for which
        `wanted(params)` holds."""
        for index, message in enumerate(self.notifications):
            if message["method"] == method and wanted(message["params"]):
                del self.notifications[: index + 1]
                return message["params"]
        message = self._receive(lambda m: m.get("method") == method and wanted(m["params"]))
        return message["params"]

    def _receive(self, wanted: Callable[[dict], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            assert message is not None, "the server closed its output"
            if wanted(message):
                return message
            if "method" in message and "id" in message:  # a request from the server
                self.send({"id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)

    def shutdown(self) -> int:
        """Ask the server to shut down and exit; its exit status."""
        assert self.request("shutdown", None) is None
        self.notify("exit", {})
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            self.stderr.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr.close()
