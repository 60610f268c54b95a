"""The ``perflint-lsp`` console script: a language server on stdin/stdout."""

from __future__ import annotations

import argparse
import logging
import sys


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="perflint-lsp", description="perflint's language server, over stdin and stdout."
    )
    parser.add_argument(
        "--file-timeout",
        type=float,
        default=10.0,
        help="seconds one lint may take before it is stopped and reported (default: 10)",
    )
    parser.add_argument("--workers", type=int, default=2, help="lint processes (default: 2)")
    parser.add_argument(
        "--debounce",
        type=float,
        default=0.3,
        help="seconds without typing before a changed buffer is linted (default: 0.3)",
    )
    options = parser.parse_args(argv)
    if options.file_timeout <= 0 or options.workers < 1 or options.debounce < 0:
        parser.error("--file-timeout must be > 0, --workers >= 1, --debounce >= 0")
    return options


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    try:
        from perflint.lsp.server import PerflintServer
    except ImportError as error:
        package = (error.name or "pygls").split(".")[0]
        sys.stderr.write(
            f"perflint-lsp: error: {package} is missing: "
            "install the server with `pip install 'perflint[lsp]'`\n"
        )
        return 2
    from perflint.lsp.analysis import analyse
    from perflint.lsp.workers import WorkerPool

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    pool = WorkerPool(analyse, options.workers, options.file_timeout)
    try:
        PerflintServer(pool, options.debounce).start_io()
    finally:
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
