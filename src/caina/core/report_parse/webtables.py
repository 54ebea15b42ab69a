"""Opinion tables that a web page's copy flattened into lines, joined back into pipe rows.

A table copied from a web page arrives in one of these shapes (blank lines between the
cells or not):

- one cell a line, each ending with " |"  (``序号 |`` / ``反馈人 |`` / … / ``1 |`` / ``朱** |`` …);
- one cell a line, each row's first cell starting with "| " (``| 序号`` / ``反馈人`` / … / ``| 1`` / …);
- one cell a line with no mark at all (``序号`` / ``反馈人`` / … / ``1`` / ``朱**`` / …);
- a row a line, cells between " | " but no leading pipe (``序号 | 意见内容 | 采纳情况及理由 |``).

:func:`join_web_tables` finds the header (a run of cells that names an opinion table:
意见内容 with 是否采纳, 理由 or 反馈人 — :func:`caina.core.report_parse.tables.is_opinion_table`),
then gathers the cells below it into rows of the header's width and writes each row as
``| a | b | c |`` on the line of its first cell; the other lines it used become blank,
so every line keeps its number. A row short of cells (a merged cell the copy dropped) is
aligned by its content: with a 序号 column a row ends where the next number begins, and a
short decision word (是/否/采纳/不予采纳…) lands in the decision column. Linear in the
number of lines.
"""

from __future__ import annotations

import re

from caina.core.report_parse.tables import is_opinion_table, roles
from caina.core.report_parse.vocab import find_decision

__all__ = ["join_web_tables"]

_SERIAL = re.compile(r"^\s*[（(]?\s*([0-9０-９]{1,4})\s*[)）]?\s*[.．、]?\s*$")
_MAX_HEADER_CELL = 12
_MAX_CELL_LINES = 12


def _bare(line: str) -> str:
    return line.strip().strip("|").strip()


def _header_cell(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    if re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．])", t):
        return False  # a numbered heading, not a column name
    return 0 < len(t) <= _MAX_HEADER_CELL and not re.search(r"[。，,；;：:]", t) and bool(roles([t]))


def _serial(text: str) -> int | None:
    m = _SERIAL.match(text)
    if not m:
        return None
    digits = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(digits)


def _is_decision_cell(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 8:
        return False
    dm = find_decision(t, whole_cell=True)
    return dm is not None and dm.start == 0


def _align(row: list[str], width: int, role: dict[str, int]) -> tuple[list[str], bool]:
    """A row with as many cells as the header; (row, whether a cell had to be put back before the decision).

    Cells missing at the end (an empty reason) are simply empty; a short row whose decision
    word sits left of the decision column lost a cell before it (a merged 反馈人 cell):
    an empty cell goes back in the proposer column, and the table reader inherits the
    proposer from the row above.
    """
    if len(row) == width:
        return row, False
    if len(row) > width:  # a cell broken over lines: the extra lines belong to the text column
        t = role.get("text", width - 1)
        extra = len(row) - width
        return [*row[:t], "".join(row[t : t + extra + 1]), *row[t + extra + 1 :]], True
    d = role.get("decision")
    out = list(row)
    moved = False
    if d is not None:
        candidates = [i for i, c in enumerate(out) if 0 < i <= d and _is_decision_cell(c)]
        k = candidates[-1] if candidates else None
        if k is not None and k < d:
            gap = d - k
            at = role.get("proposer")
            at = at if at is not None and at < k else k
            out = out[:at] + [""] * gap + out[at:]
            moved = True
    out += [""] * (width - len(out))
    return out[:width], moved


Cell = tuple[int, int, str]  # first line, last line, text


def _rows(cells: list[Cell], width: int, numbered: bool) -> list[list[Cell]]:
    """Cells grouped into rows (a numbered table ends where the numbers stop following on)."""
    rows: list[list[Cell]] = []
    i = 0
    while i < len(cells):
        if numbered:
            expected = (_serial(rows[-1][0][2]) or 0) + 1 if rows else None
            first = _serial(cells[i][2])
            if first is None or (expected is not None and first != expected):
                break
            row = [cells[i]]
            i += 1
            while i < len(cells) and len(row) < width + 2:
                if _serial(cells[i][2]) == first + 1 and len(row) >= 2:
                    break
                row.append(cells[i])
                i += 1
                if len(row) == width and (i >= len(cells) or _serial(cells[i][2]) != first + 1):
                    break
            rows.append(row)
        else:
            if i + width > len(cells):
                break
            rows.append(cells[i : i + width])
            i += width
    return rows


def _table_end(line: str) -> bool:
    s = line.strip()
    return bool(
        re.match(r"^(?:特此|以上|综合以上|综上|感谢|[一二三四五六七八九十]{1,3}、)", s)
        # the report's own summary after the table: "本次征求意见期间，共收到4条意见建议，采纳2条……"
        or re.match(r"^(?:本次|此次|这次|征求意见期间|公示期间|期间|截至|截止|共)[^。]{0,30}?(?:收到|征集|收集|反馈|受理)[^。]{0,12}?\d", s)
    )


def _rows_a_line(lines: list[str], out: list[str], i: int) -> int:
    """Rows "a | b | c |" from line ``i`` on, written with a leading pipe; a line without a pipe
    between rows (a cell's line break) joins the row above, in its first unfinished cell
    (one that ends with a comma), else its last. Returns the line after the table."""
    n = len(lines)
    rows: list[tuple[int, list[str]]] = []
    j = i
    while j < n:
        t = lines[j].strip()
        if not t:
            j += 1
            continue
        if "|" in t:
            rows.append((j, [c.strip() for c in t.strip("|").split("|")]))
            j += 1
            continue
        nxt = next((lines[q].strip() for q in range(j + 1, n) if lines[q].strip()), "")
        if rows and len(rows) > 1 and "|" in nxt:
            cells = rows[-1][1]
            at = next((c for c in range(len(cells)) if cells[c].endswith(("，", ","))), len(cells) - 1)
            cells[at] += t
            out[j] = ""
            j += 1
            continue
        break
    for line_no, cells in rows:
        out[line_no] = "| " + " | ".join(cells) + " |"
    return j


def _rows_spaced(lines: list[str], out: list[str], i: int, header: list[str], warnings: list[str]) -> int:
    """Rows whose cells are separated by spaces, below the header at line ``i``; returns the line after them.

    With a 序号 column a row must open with the next number; a row with more pieces than the
    header had spaces inside its text (joined), one with fewer is aligned by content.
    """
    width = len(header)
    role = roles(header)
    numbered = role.get("number") == 0
    out[i] = "| " + " | ".join(header) + " |"
    j = i + 1
    expected = 1
    while j < len(lines):
        t = lines[j].strip()
        if not t:
            j += 1
            continue
        pieces = t.split()
        if len(pieces) < 2 or "|" in t or "\t" in lines[j]:
            break
        if numbered and _serial(pieces[0]) != expected:
            break
        texts, fixed = _align(pieces, width, role)
        if fixed:
            warnings.append(f"第{j + 1}行：以空格分隔的表格这一行有{len(pieces)}段，表头有{width}栏，已按内容对齐，请核对")
        out[j] = "| " + " | ".join(texts) + " |"
        expected += 1
        j += 1
    return j


def join_web_tables(lines: list[str]) -> tuple[list[str], list[str]]:
    """(lines with flattened opinion tables written as pipe rows, warnings); as many lines as given."""
    out = list(lines)
    warnings: list[str] = []
    n = len(lines)
    i = 0
    while i < n:
        s = lines[i].strip()
        if not s or (s.startswith("|") and s.count("|") >= 3) or "\t" in lines[i]:
            i += 1
            continue
        # a row a line: "序号 | 意见内容 | 采纳情况及理由 |" (no leading pipe)
        if s.count("|") >= 2 and not s.startswith("|"):
            header = [c.strip() for c in s.strip("|").split("|")]
            if len(header) >= 2 and is_opinion_table(header):
                i = _rows_a_line(lines, out, i)
                continue
        # cells between spaces (a copy from a PDF or some browsers): "序号 反馈人 意见内容 是否采纳"
        spaced = s.split()
        if len(spaced) >= 3 and "|" not in s and all(_header_cell(c) for c in spaced) and is_opinion_table(spaced):
            i = _rows_spaced(lines, out, i, spaced, warnings)
            continue
        # one cell a line: the header is a run of header words
        header_cells: list[tuple[int, str]] = []
        j = i
        lead_pipe = s.startswith("|")
        while j < n and len(header_cells) < 12:
            t = lines[j].strip()
            if not t:
                j += 1
                continue
            if "|" in t.strip("|"):
                break
            if header_cells and lead_pipe and t.startswith("|"):
                break  # the first row begins
            if not _header_cell(_bare(t)):
                break
            header_cells.append((j, _bare(t)))
            j += 1
        header = [c for _, c in header_cells]
        if len(header) < 3 or not is_opinion_table(header):
            i += 1
            continue
        width = len(header)
        role = roles(header)
        numbered = role.get("number") == 0
        trailing = all(lines[k].rstrip().endswith("|") for k, _ in header_cells)
        # the cells below the header: (first line, last line, text)
        cells: list[tuple[int, int, str]] = []
        row_starts: list[int] = []
        pending: list[tuple[int, str]] = []
        k = j
        while k < n:
            t = lines[k].strip()
            if not t:
                k += 1
                continue
            if "\t" in lines[k] or (t.count("|") >= 2 and "|" in t.strip("|")):
                break
            if trailing:
                if t.endswith("|"):
                    first = pending[0][0] if pending else k
                    cells.append((first, k, "".join(p for _, p in pending) + _bare(t)))
                    pending = []
                elif len(pending) >= _MAX_CELL_LINES or (not pending and _table_end(t) and len(cells) % width == 0):
                    break
                else:
                    pending.append((k, t))
            elif lead_pipe:
                if t.startswith("|"):
                    row_starts.append(len(cells))
                elif not row_starts or len(cells) - row_starts[-1] >= width:
                    break  # the row is full: what follows is not part of the table
                cells.append((k, k, _bare(t)))
            else:
                if _table_end(t) and _serial(t) is None:
                    break
                cells.append((k, k, _bare(t)))
            k += 1
        if lead_pipe:
            bounds = [*row_starts, len(cells)]
            rows = [cells[bounds[r] : bounds[r + 1]] for r in range(len(row_starts))]
        else:
            rows = _rows(cells, width, numbered)
        if not rows:
            i = j
            continue
        last_line = rows[-1][-1][1]
        first_line = header_cells[0][0]
        for pos in range(first_line, last_line + 1):
            out[pos] = ""
        out[first_line] = "| " + " | ".join(header) + " |"
        for row in rows:
            texts, fixed = _align([c for _, _, c in row], width, role)
            if fixed:
                warnings.append(
                    f"第{row[0][0] + 1}行：从网页复制的表格这一行有{len(row)}格，表头有{width}格"
                    "（合并单元格或空白格在复制时丢失），已按内容对齐，请核对"
                )
            out[row[0][0]] = "| " + " | ".join(c.replace("|", "｜") for c in texts) + " |"
        i = last_line + 1
    return out, warnings
