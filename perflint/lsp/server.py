"""The language server: diagnostics from the editor's buffer, quick fixes, rule pages.

A document is linted when it is opened or saved, and after a pause in typing (debounced)
when it changes. Each lint runs in a worker process (`workers`) on the buffer's text of
that moment; its result is published only if the document has not changed since, and is
kept for the code actions and hovers of that version.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from perflint import __version__
from perflint.engine import parse_error
from perflint.findings import Finding, Location
from perflint.lsp.analysis import Action, LintReport, LintRequest
from perflint.lsp.edits import TextEdit, split_lines
from perflint.lsp.workers import Failure, WorkerPool
from perflint.registry import PARSE_ERROR
from perflint.rule_docs import page as rule_doc

SOURCE = "perflint"


@dataclass
class _Linted:
    version: int | None
    lines: list[str]  # of the linted text
    report: LintReport
    diagnostics: list[types.Diagnostic]  # one per finding, in the report's order


def _contains(finding: Finding, line: int, column: int) -> bool:
    """Is the 0-based (line, column) inside the finding's span (its ends included)?"""
    start = (finding.line - 1, finding.column - 1)
    end = (finding.end_line - 1, finding.end_column - 1)
    return start <= (line, column) <= end


def _handler(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A function calling a bound method: pygls marks its handlers with attributes."""
    if asyncio.iscoroutinefunction(method):

        async def handle_async(params: Any) -> Any:
            return await method(params)

        return handle_async

    def handle(params: Any) -> Any:
        return method(params)

    return handle


class PerflintServer(LanguageServer):
    def __init__(self, pool: WorkerPool, debounce: float) -> None:
        super().__init__("perflint-lsp", __version__)
        self.pool = pool
        self.debounce = debounce
        self.pending: dict[str, asyncio.Task] = {}
        self.linted: dict[str, _Linted] = {}
        self.generation = 0  # bumped on save: project facts may have changed
        self.feature(types.TEXT_DOCUMENT_DID_OPEN)(_handler(self.did_open))
        self.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_handler(self.did_change))
        self.feature(types.TEXT_DOCUMENT_DID_SAVE)(_handler(self.did_save))
        self.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_handler(self.did_close))
        self.feature(types.TEXT_DOCUMENT_HOVER)(_handler(self.hover))
        kinds = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
        self.feature(types.TEXT_DOCUMENT_CODE_ACTION, kinds)(_handler(self.code_action))

    # ----- when to lint ---------------------------------------------------------------
    async def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._schedule(params.text_document.uri, 0)

    async def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._schedule(params.text_document.uri, self.debounce)

    async def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        self.generation += 1
        self._schedule(params.text_document.uri, 0)

    async def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def _schedule(self, uri: str, delay: float) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint(uri, delay))

    async def _lint(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        path = document.path if urlparse(uri).scheme == "file" else "untitled.py"
        request = LintRequest(path, text, self.workspace.root_path, self.generation)
        result = await asyncio.to_thread(self.pool.call, request)
        if isinstance(result, Failure):
            result = LintReport([parse_error(path, result.reason)], [])
        current = self.workspace.get_text_document(uri)
        if uri not in self.pending or current.version != version:
            return  # closed, or changed meanwhile: a newer lint is on its way
        del self.pending[uri]
        assert isinstance(result, LintReport)
        lines = split_lines(text)
        diagnostics = [self._diagnostic(document, lines, f) for f in result.findings]
        self.linted[uri] = _Linted(version, lines, result, diagnostics)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # ----- positions --------------------------------------------------------------------
    def _position(self, document: TextDocument, lines: list[str], line: int, column: int):
        """A 0-based (line, column in code points) in the client's units."""
        text = lines[line][:column] if line < len(lines) else ""
        return types.Position(line, document.position_codec.client_num_units(text))

    def _diagnostic(
        self, document: TextDocument, lines: list[str], finding: Finding
    ) -> types.Diagnostic:
        error = finding.code == PARSE_ERROR.code
        severity = types.DiagnosticSeverity.Error if error else types.DiagnosticSeverity.Warning
        return types.Diagnostic(
            range=self._range(document, lines, finding),
            message=finding.message,
            severity=severity,
            code=finding.code,
            source=SOURCE,
            related_information=[
                types.DiagnosticRelatedInformation(
                    types.Location(_uri(document, place), self._range(document, lines, place)),
                    place.message,
                )
                for place in finding.related
            ]
            or None,
        )

    def _range(
        self, document: TextDocument, lines: list[str], place: Finding | Location
    ) -> types.Range:
        """The span of a finding, or of one of its related places, in the client's units
        (a place in another file: in code points, that file's text is not at hand)."""
        if isinstance(place, Location) and place.path:
            start = types.Position(place.line - 1, place.column - 1)
            return types.Range(start, types.Position(place.end_line - 1, place.end_column - 1))
        start = self._position(document, lines, place.line - 1, place.column - 1)
        end = self._position(document, lines, place.end_line - 1, place.end_column - 1)
        return types.Range(start, end)

    def _server_position(self, document: TextDocument, lines: list[str], position):
        """The client's position as a 0-based (line, column in code points)."""
        line = lines[position.line] if position.line < len(lines) else ""
        units, column = 0, 0
        for char in line:
            if units >= position.character:
                break
            units += document.position_codec.client_num_units(char)
            column += 1
        return position.line, column

    def _current(self, uri: str) -> tuple[TextDocument, _Linted] | None:
        """The document and its lint, when that lint is of the document's current text."""
        linted = self.linted.get(uri)
        document = self.workspace.get_text_document(uri)
        if linted is None or linted.version != document.version:
            return None
        return document, linted

    # ----- what the editor asks ---------------------------------------------------------
    def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        current = self._current(params.text_document.uri)
        if current is None:
            return []
        document, linted = current
        first = self._server_position(document, linted.lines, params.range.start)
        last = self._server_position(document, linted.lines, params.range.end)
        wanted = {
            i
            for i, f in enumerate(linted.report.findings)
            if (f.line - 1, f.column - 1) <= last and first <= (f.end_line - 1, f.end_column - 1)
        }
        return [
            self._code_action(document, linted, action)
            for action in linted.report.actions
            if action.finding in wanted
        ]

    def _code_action(
        self, document: TextDocument, linted: _Linted, action: Action
    ) -> types.CodeAction:
        edits = [self._text_edit(document, linted.lines, edit) for edit in action.edits]
        return types.CodeAction(
            title=action.title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[linted.diagnostics[action.finding]],
            is_preferred=action.preferred,
            edit=types.WorkspaceEdit(changes={document.uri: edits}),
        )

    def _text_edit(
        self, document: TextDocument, lines: list[str], edit: TextEdit
    ) -> types.TextEdit:
        start = self._position(document, lines, *edit.start)
        end = self._position(document, lines, *edit.end)
        return types.TextEdit(range=types.Range(start, end), new_text=edit.text)

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        current = self._current(params.text_document.uri)
        if current is None:
            return None
        document, linted = current
        line, column = self._server_position(document, linted.lines, params.position)
        codes = dict.fromkeys(f.code for f in linted.report.findings if _contains(f, line, column))
        pages = [page for code in codes if (page := rule_doc(code)) is not None]
        if not pages:
            return None
        value = "\n\n---\n\n".join(page.rstrip() for page in pages)
        return types.Hover(types.MarkupContent(kind=types.MarkupKind.Markdown, value=value))


def _uri(document: TextDocument, place: Location) -> str:
    """The document's own uri, or the file a place of another module is in (its path as
    the lint saw it, relative to the server's folder)."""
    return Path(place.path).resolve().as_uri() if place.path else document.uri
