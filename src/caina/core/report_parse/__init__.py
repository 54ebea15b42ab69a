"""Parse a written adoption report (意见采纳情况) into structured data.

Pure: text in, frozen dataclasses out; no I/O (readers for .txt/.md/.docx
live in :mod:`caina.io.report_import`, which turn .docx tables into Markdown
pipe rows before calling :func:`parse_report`).

Modules: :mod:`.model` (the dataclasses and :func:`to_json`), :mod:`.text`
(normalisation, quotes, numbers), :mod:`.vocab` (dispositions, proposers),
:mod:`.changes` (edit sentences), :mod:`.counts` (stated numbers),
:mod:`.meta` (meeting or consultation), :mod:`.items` (items and tables),
:mod:`.parser` (the whole report).
"""

from __future__ import annotations

from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, ParsedReport, StatedCount, to_json

__all__ = ["StatedCount", "ParsedEdit", "ParsedOpinion", "ParsedReport", "parse_report", "to_json"]


def parse_report(text: str) -> ParsedReport:
    """Parse the text of an adoption report (see :mod:`caina.core.report_parse.parser`)."""
    from caina.core.report_parse.parser import parse_report as _parse

    return _parse(text)
