"""A draft aligned with its printed copy, character by character; the printed copy's layout of the draft.

Both texts are compared without spaces, with characters that print alike folded
to one (:func:`fold`: NFKC — Kangxi radicals, compatibility ideographs,
full-width forms — and the quotes and dashes PDFs write with other code
points). Two passes:

1. one diff of the whole draft against the whole printed copy
   (fast-diff-match-patch, semantic clean-up) matches what is in the same order;
2. what the PDF draws in another order — a table row whose cells wrap (the
   PDF reads line 1 of every cell, then line 2 …), two columns, a text frame —
   is matched fragment by fragment (a fragment: one cell of one line): each
   fragment still unmatched is looked up among the draft's unmatched
   characters, near where the first pass left off, then anywhere.

What stays unmatched on either side is a *difference*; :func:`check_same_version`
tells those that make another version from those that do not (automatic
numbering drawn differently, a bullet, a hung mark a PDF leaves out).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import fast_diff_match_patch

from caina.core.model import CELL_SEP, MAIN_PART_ID, MAIN_PART_LABEL, Block, BlockKind, Draft
from caina.core.pages import LINE_CELL_SEP, Layout, Line, Page, Segment
from caina.core.printed.lines import Printed, PrintedLine
from caina.errors import PrintedVersionError

__all__ = ["fold", "Alignment", "align", "check_same_version", "printed_layout", "printed_layout_lenient", "INVISIBLE"]

INVISIBLE = frozenset(" \t\n\r\u00a0\u3000\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff\u00ad")

# what PDFs write for what the .docx holds, beyond NFKC
_FOLD_EXTRA = {
    "〇": "○",
    "－": "-",
    "―": "—",
    "─": "—",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "﹣": "-",
    "・": "·",
    "•": "·",
    "∶": ":",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "＂": '"',
    "′": "'",
}


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    return _FOLD_EXTRA.get(folded, folded)


class _FoldTable(dict[int, str]):
    """``str.translate`` table: code point → the character it prints as (filled as characters are met)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` with every character folded to the one it prints as (same length)."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class _DraftChar:
    part: int  # index into draft.parts
    block: int
    offset: int  # offset into Block.text; -1 for a character of the block's automatic numbering


@dataclass(frozen=True)
class Alignment:
    """Where each character of the draft was found in the printed copy.

    ``line_of[(part index, block index)]`` gives, for each offset of the
    block's text, the index into ``lines`` (the counted lines of the printed
    copy, in order) of the line that draws it, -1 when none does.
    ``differences`` are the unmatched stretches: ``(draft_text, printed_text,
    draft position, printed position)`` in the folded, space-free streams.
    """

    lines: tuple[PrintedLine, ...]
    line_of: dict[tuple[int, int], list[int]]
    matched: int
    draft_chars: int
    printed_chars: int
    differences: tuple[tuple[str, str, int, int], ...]
    draft_refs: Sequence[_DraftChar]
    printed_owner: tuple[int, ...]
    draft_text: str
    printed_text: str
    draft_raw: str = ""  # the same characters unfolded, for messages
    printed_raw: str = ""

    @property
    def draft_only(self) -> int:
        return sum(len(d) for d, _, _, _ in self.differences)

    @property
    def printed_only(self) -> int:
        return sum(len(p) for _, p, _, _ in self.differences)


def _draft_stream(draft: Draft) -> tuple[str, _Refs]:
    raw, refs = _draft_raw(draft)
    return fold(raw), refs


_DROP = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b-\u200d\u2060\ufeff\u00ad]")


class _Refs(Sequence[_DraftChar]):
    """Where each character of the draft stream comes from, in three parallel lists (a draft of 100 pages
    has 50,000 characters: no object each)."""

    def __init__(self) -> None:
        self.part: list[int] = []
        self.block: list[int] = []
        self.offset: list[int] = []

    def __len__(self) -> int:
        return len(self.offset)

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        return _DraftChar(self.part[k], self.block[k], self.offset[k])

    def extend(self, pi: int, bi: int, offsets: Sequence[int]) -> None:
        n = len(offsets)
        self.part.extend([pi] * n)
        self.block.extend([bi] * n)
        self.offset.extend(offsets)


def _draft_raw(draft: Draft) -> tuple[str, _Refs]:
    chars: list[str] = []
    refs = _Refs()
    for pi, part in enumerate(draft.parts):
        for bi, block in enumerate(part.blocks):
            if block.kind is BlockKind.BLANK:
                continue
            for text, label in ((block.label, True), (block.text, False)):
                if not text:
                    continue
                if _DROP.search(text) is None:
                    chars.append(text)
                    refs.extend(pi, bi, [-1] * len(text) if label else range(len(text)))
                    continue
                keep = [k for k, ch in enumerate(text) if ch not in INVISIBLE and not ch.isspace()]
                chars.append("".join(text[k] for k in keep))
                refs.extend(pi, bi, [-1] * len(keep) if label else keep)
    return "".join(chars), refs


def _printed_stream(lines: Sequence[PrintedLine]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The printed text (folded), the line of each character, and the fragments (one cell of one line)."""
    raw, owner, fragments = _printed_raw(lines)
    return fold(raw), owner, fragments


def _printed_raw(lines: Sequence[PrintedLine]) -> tuple[str, list[int], list[tuple[int, int]]]:
    chars: list[str] = []
    owner: list[int] = []
    fragments: list[tuple[int, int]] = []
    size = 0
    for li, line in enumerate(lines):
        for cell in line.cells:
            if _DROP.search(cell) is not None:
                cell = "".join(ch for ch in cell if ch not in INVISIBLE and not ch.isspace())
            if cell:
                chars.append(cell)
                owner.extend([li] * len(cell))
                fragments.append((size, size + len(cell)))
                size += len(cell)
    return "".join(chars), owner, fragments


_NEAR = 4000  # characters around the expected place searched first for a fragment drawn out of order


def align(draft: Draft, printed: Printed) -> Alignment:
    """Align the draft's text with the printed copy's lines, character by character (see the module docstring)."""
    lines = printed.lines
    d_raw, d_refs = _draft_raw(draft)
    p_raw, p_owner, fragments = _printed_raw(lines)
    d_text, p_text = fold(d_raw), fold(p_raw)
    d_to_p = [-1] * len(d_text)
    p_to_d = [-1] * len(p_text)
    # pass 1: one diff
    i = j = 0
    for op, n in fast_diff_match_patch.diff(d_text, p_text, counts_only=True, cleanup="Semantic", timelimit=10.0):
        if op == "=":
            d_to_p[i : i + n] = range(j, j + n)
            p_to_d[j : j + n] = range(i, i + n)
            i += n
            j += n
        elif op == "-":
            i += n
        else:
            j += n
    # pass 2: fragments drawn out of order
    if -1 in p_to_d:
        blocks: dict[tuple[int, int], int] = {}
        d_block = [blocks.setdefault(key, len(blocks)) for key in zip(d_refs.part, d_refs.block, strict=True)]
        _rematch(d_text, p_text, fragments, d_to_p, p_to_d, d_block, p_owner)
    line_of: dict[tuple[int, int], list[int]] = {}
    for pi, part in enumerate(draft.parts):
        for bi, block in enumerate(part.blocks):
            line_of[(pi, bi)] = [-1] * len(block.text)
    matched = len(d_to_p) - d_to_p.count(-1)
    parts, blks, offsets = d_refs.part, d_refs.block, d_refs.offset
    current: tuple[int, int] = (-1, -1)
    target: list[int] = []
    for k, pj in enumerate(d_to_p):
        off = offsets[k]
        if pj < 0 or off < 0:
            continue
        key = (parts[k], blks[k])
        if key != current:
            current, target = key, line_of[key]
        target[off] = p_owner[pj]
    return Alignment(
        lines=lines,
        line_of=line_of,
        matched=matched,
        draft_chars=len(d_text),
        printed_chars=len(p_text),
        differences=_differences(d_text, p_text, d_to_p, p_to_d),
        draft_refs=d_refs,
        printed_owner=tuple(p_owner),
        draft_text=d_text,
        printed_text=p_text,
        draft_raw=d_raw,
        printed_raw=p_raw,
    )


def _rematch(
    d_text: str,
    p_text: str,
    fragments: list[tuple[int, int]],
    d_to_p: list[int],
    p_to_d: list[int],
    d_block: list[int],
    p_owner: list[int],
) -> None:
    """Match again the fragments the diff matched badly: not whole, scattered over the draft, or in another
    block than the rest of their line (a table row's "2" taken for the "2" of a number in the row above).

    Every such fragment loses its matches first (so do the draft characters it held); each is then looked
    up piece by piece among the draft's free characters, in the block the rest of its line comes from, then
    near where it was expected, then anywhere; what is still unmatched on both sides is diffed once more,
    free characters against free characters.
    """
    # the block most of each printed line's matched characters come from (counted by fragment)
    votes: dict[int, dict[int, int]] = {}
    for a, b in fragments:
        tally = votes.setdefault(p_owner[a], {})
        ds = p_to_d[a:b]
        if -1 not in ds and ds[-1] - ds[0] == b - a - 1 and d_block[ds[0]] == d_block[ds[-1]]:
            blk = d_block[ds[0]]  # matched whole in one block: count it at once
            tally[blk] = tally.get(blk, 0) + b - a
            continue
        for d in ds:
            if d >= 0:
                blk = d_block[d]
                tally[blk] = tally.get(blk, 0) + 1
    line_block = {li: max(t, key=t.__getitem__) for li, t in votes.items() if t}
    span: dict[int, tuple[int, int]] = {}  # block → its range in the draft stream (blocks are contiguous)
    k = 0
    for blk, group in itertools.groupby(d_block):
        n = sum(1 for _ in group)
        span[blk] = (span.get(blk, (k, k))[0], k + n)
        k += n
    bad: list[tuple[int, int]] = []
    for a, b in fragments:
        ds = p_to_d[a:b]
        home = line_block.get(p_owner[a])
        if -1 not in ds and ds[-1] - ds[0] == b - a - 1 and (home is None or d_block[ds[0]] == d_block[ds[-1]] == home):
            continue  # matched whole and in order, in its line's block (blocks are ranges of the stream)
        if (
            -1 not in ds
            and all(y > x for x, y in itertools.pairwise(ds))
            and ds[-1] - ds[0] <= (b - a) + 8
            and (home is None or all(d_block[v] == home for v in ds))
        ):
            continue
        bad.append((a, b))
        for j in range(a, b):
            d = p_to_d[j]
            if d >= 0:
                d_to_p[d] = -1
                p_to_d[j] = -1
    if not bad:
        return
    masked = ["\x00" if v >= 0 else ch for ch, v in zip(d_text, d_to_p, strict=True)]
    free = "".join(masked)
    for a, b in bad:
        expect = 0  # after the draft position of the last matched character before the fragment
        for j in range(a - 1, -1, -1):
            if p_to_d[j] >= 0:
                expect = p_to_d[j] + 1
                break
        home = line_block.get(p_owner[a])
        bounds = span.get(home) if home is not None else None
        j = a
        while j < b:
            # the longest piece of the fragment from j found among the free draft text: in its line's block,
            # else near the expected place (a table line holds pieces of several cells; a column line, of
            # another paragraph)
            found, length = _longest(free, p_text, j, b, expect, bounds)
            if length == 0:
                j += 1
                continue
            for k in range(length):
                d_to_p[found + k] = j + k
                p_to_d[j + k] = found + k
            free = free[:found] + "\x00" * length + free[found + length :]
            expect = found + length
            j += length
    # what is left: free against free
    d_free = [k for k, v in enumerate(d_to_p) if v < 0]
    p_free = [j for j, v in enumerate(p_to_d) if v < 0]
    if not d_free or not p_free:
        return
    i = j = 0
    sub_d = "".join(d_text[k] for k in d_free)
    sub_p = "".join(p_text[k] for k in p_free)
    for op, n in fast_diff_match_patch.diff(sub_d, sub_p, counts_only=True, cleanup="Semantic", timelimit=5.0):
        if op == "=":
            for k in range(n):
                d_to_p[d_free[i + k]] = p_free[j + k]
                p_to_d[p_free[j + k]] = d_free[i + k]
            i += n
            j += n
        elif op == "-":
            i += n
        else:
            j += n


def _longest(
    free: str, p_text: str, j: int, b: int, expect: int, bounds: tuple[int, int] | None = None
) -> tuple[int, int]:
    """(draft position, length) of the longest prefix of ``p_text[j:b]`` in ``free``: within ``bounds``
    (the block of the rest of the line) when it is there, else near ``expect`` (two characters or more
    within ``_NEAR`` of it, or anywhere for eight or more; a single character only close by); (0, 0) when
    there is none."""
    if bounds is not None:
        lo_b, hi_b = bounds
        if free.find(p_text[j], lo_b, hi_b) >= 0:
            n = 1
            while j + n < b and free.find(p_text[j : j + n + 1], lo_b, hi_b) >= 0:
                n += 1
            if n >= min(3, b - j):  # a real piece, not a common letter that happens to be in the block
                return free.find(p_text[j : j + n], lo_b, hi_b), n
    lo_near, hi_near = max(0, expect - _NEAR), expect + _NEAR

    def at(n: int) -> int:
        piece = p_text[j : j + n]
        pos = free.find(piece, lo_near, hi_near + n)
        if pos < 0 and n >= 8:
            pos = free.find(piece)
        return pos

    if b - j >= 2 and at(2) >= 0:
        lo, hi = 2, b - j  # the longest n with at(n) >= 0: at() is monotone in n
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if at(mid) >= 0:
                lo = mid
            else:
                hi = mid - 1
        return at(lo), lo
    pos = free.find(p_text[j], max(0, expect - 40), expect + 40)
    return (pos, 1) if pos >= 0 else (0, 0)


def _differences(
    d_text: str, p_text: str, d_to_p: list[int], p_to_d: list[int]
) -> tuple[tuple[str, str, int, int], ...]:
    """Unmatched stretches, each draft stretch paired with the printed stretch at the same place (if any)."""
    out: list[tuple[str, str, int, int]] = []
    # draft stretches
    d_runs = _runs(d_to_p)
    p_runs = _runs(p_to_d)
    # pair each draft run with a printed run that sits between the same matched neighbours
    p_by_anchor: dict[int, tuple[int, int]] = {}
    for a, b in p_runs:
        before = next((p_to_d[j] for j in range(a - 1, -1, -1) if p_to_d[j] >= 0), -1)
        p_by_anchor.setdefault(before, (a, b))
    used: set[tuple[int, int]] = set()
    for a, b in d_runs:
        before = a - 1
        while before >= 0 and d_to_p[before] < 0:
            before -= 1
        pr = p_by_anchor.get(before)
        if pr is not None and pr not in used:
            used.add(pr)
            out.append((d_text[a:b], p_text[pr[0] : pr[1]], a, pr[0]))
        else:
            out.append((d_text[a:b], "", a, d_to_p[before] + 1 if before >= 0 else 0))
    for a, b in p_runs:
        if (a, b) not in used:
            before = next((p_to_d[j] for j in range(a - 1, -1, -1) if p_to_d[j] >= 0), -1)
            out.append(("", p_text[a:b], before + 1, a))
    out.sort(key=lambda x: (x[2], x[3]))
    return tuple(out)


def _runs(mapping: list[int]) -> list[tuple[int, int]]:
    """The runs of -1 (unmatched) in ``mapping``."""
    runs: list[tuple[int, int]] = []
    n = len(mapping)
    k = 0
    while True:
        try:
            k = mapping.index(-1, k)
        except ValueError:
            return runs
        e = k + 1
        while e < n and mapping[e] == -1:
            e += 1
        runs.append((k, e))
        k = e


# --------------------------------------------------------------------------
# same version?

_LABEL_CHARS = frozenset("0123456789.．)）(（、一二三四五六七八九十百第章节条·•‧◦▪■□●○◆◇-–—_*→✓√")


def _is_trivial(d: str, p: str) -> bool:
    """Differences that do not make another version: automatic numbering or a bullet that the PDF draws and
    the .docx gives another way, one or two marks drawn with other code points (a quote, a dash), a hung mark
    a PDF leaves out."""
    if not d and not p:
        return True
    if not d and len(p) <= 6 and all(ch in _LABEL_CHARS or unicodedata.category(ch) in ("Co", "So") for ch in p):
        return True
    return len(d) + len(p) <= 2 and all(unicodedata.category(ch)[0] in "PS" for ch in d + p)


def check_same_version(al: Alignment) -> list[tuple[str, str, int, int]]:
    """The differences that make the draft and its printed copy different versions: all but those
    :func:`_is_trivial` allows; the .docx's automatic numbering is compared loosely (a PDF may draw it
    otherwise, a reader may not know every numbering format)."""
    bad = []
    refs = al.draft_refs
    for d, p, a, c in al.differences:
        own = "".join(ch for k, ch in enumerate(d) if refs[a + k].offset >= 0)
        if not _is_trivial(own, p):
            bad.append((d, p, a, c))
    return bad


# --------------------------------------------------------------------------
# the layout of the printed copy


def printed_layout(draft: Draft, printed: Printed, *, strict: bool = True, engine: Layout | None = None) -> Layout:
    """The layout of ``draft`` as ``printed`` shows it: the PDF's pages and line numbers, the draft's blocks.

    With ``strict`` a printed copy of another version is refused
    (:class:`~caina.errors.PrintedVersionError`, naming the first passage that
    differs, with its place in both); ``engine`` (caina's own layout of the
    draft) gives the draft's side of that place a locator.
    """
    al = align(draft, printed)
    if strict:
        bad = check_same_version(al)
        if bad:
            raise _mismatch(draft, printed, al, bad, engine)
    return layout_from_alignment(draft, printed, al)


def printed_layout_lenient(
    draft: Draft, printed: Printed, *, engine: Layout | None = None
) -> tuple[Layout, PrintedVersionError | None, float]:
    """:func:`printed_layout` for measuring rather than citing: the layout even when the texts differ, with the
    error :func:`printed_layout` would raise (None when they are one version) and the share of the draft's
    characters found in the PDF. ``caina verify-layout --against`` and ``caina calibrate`` compare what both
    hold and say what they left out (a footnote or a text box the .docx reader leaves out, a corrected typo)."""
    al = align(draft, printed)
    bad = check_same_version(al)
    error = _mismatch(draft, printed, al, bad, engine) if bad else None
    share = al.matched / al.draft_chars if al.draft_chars else 1.0
    return layout_from_alignment(draft, printed, al), error, share


def _fill(line_of: list[int]) -> list[int]:
    """Characters the printed copy does not draw (a hung mark a PDF leaves out, a space) take the line of the
    character before them (after them at a block's start)."""
    out = list(line_of)
    last = -1
    for k, v in enumerate(out):
        if v < 0:
            out[k] = last
        else:
            last = v
    nxt = -1
    for k in range(len(out) - 1, -1, -1):
        if out[k] < 0:
            out[k] = nxt
        else:
            nxt = out[k]
    return out


def layout_from_alignment(draft: Draft, printed: Printed, al: Alignment) -> Layout:
    lines = al.lines
    # the block of each printed line: the one most of its characters come from
    votes: list[dict[tuple[int, int], int]] = [{} for _ in lines]
    runs: dict[tuple[int, int], list[tuple[int, int, int]]] = {}  # block → (line, start, end) runs of its text
    for key, owners in al.line_of.items():
        filled = _fill(owners) if -1 in owners else owners
        start = 0
        block_runs = runs[key] = []
        block = draft.parts[key[0]].blocks[key[1]]
        tabs = [k for k, ch in enumerate(block.text) if ch == CELL_SEP] if block.kind is BlockKind.TABLE_ROW else []
        for li, group in itertools.groupby(filled):
            n = sum(1 for _ in group)
            if li >= 0:
                tally = votes[li]
                tally[key] = tally.get(key, 0) + n
                a = start
                for t in tabs:  # a table line: one segment a cell, as caina's own layout has them
                    if a <= t < start + n:
                        if t > a:
                            block_runs.append((li, a, t))
                        a = t + 1
                if a < start + n:
                    block_runs.append((li, a, start + n))
            start += n
    owner_of: list[tuple[int, int] | None] = [max(v, key=v.__getitem__) if v else None for v in votes]
    segments: list[list[Segment]] = [[] for _ in lines]
    for key, block_runs in runs.items():
        for li, a, b in block_runs:
            if owner_of[li] == key:
                segments[li].append(Segment(a, b))
    by_page: dict[int, list[int]] = {}
    for li, line in enumerate(lines):
        by_page.setdefault(line.page, []).append(li)
    pages: list[Page] = []
    part_first: dict[str, int] = {}
    current = MAIN_PART_ID
    for pp in printed.pages:  # every page, one with nothing counted on it too (it keeps its number)
        indices = by_page.get(pp.number, [])
        for li in indices:
            o = owner_of[li]
            if o is not None:
                current = draft.parts[o[0]].id
                break
        number = pp.number
        part_first.setdefault(current, number)
        part_page = number - part_first[current] + 1
        count = len(indices)
        out = []
        for k, li in enumerate(indices):
            o = owner_of[li]
            if o is None:
                segs: tuple[Segment, ...] = ()
                text = lines[li].text
                part_id, block_index = current, -1
            else:
                block = draft.parts[o[0]].blocks[o[1]]
                segs = tuple(segments[li])
                text = _line_text(block, segs)
                part_id, block_index = draft.parts[o[0]].id, o[1]
            column = lines[li].column
            out.append(Line(number, part_id, part_page, k + 1, count - k, block_index, segs, text, k + 1, 1, column))
        pages.append(Page(number, current, part_page, tuple(out), count))
    return Layout(draft=draft, pages=tuple(pages), settings=None, printed=printed.source or "PDF")


def _line_text(block: Block, segs: tuple[Segment, ...]) -> str:
    if block.kind is BlockKind.TABLE_ROW:
        return LINE_CELL_SEP.join(block.text[s.start : s.end] for s in segs)
    return "".join(block.text[s.start : s.end] for s in segs)


def _mismatch(
    draft: Draft, printed: Printed, al: Alignment, bad: list[tuple[str, str, int, int]], engine: Layout | None
) -> PrintedVersionError:
    merged = _merge(bad)
    d_len, p_len, a, c = merged[0]
    dt, pt = al.draft_raw or al.draft_text, al.printed_raw or al.printed_text
    draft_passage = _passage(dt, a, d_len)
    printed_passage = _passage(pt, c, p_len)
    printed_at = ""
    if al.printed_owner:
        li = al.printed_owner[min(c, len(al.printed_owner) - 1)]
        line = al.lines[li]
        body = next(pg for pg in printed.pages if pg.number == line.page).body
        k = body.index(line)
        printed_at = f"PDF 第{line.page}页第{k + 1}行（倒数第{len(body) - k}行）"
    draft_at = ""
    if engine is not None and al.draft_refs:
        ref = al.draft_refs[min(a, len(al.draft_refs) - 1)]
        part = draft.parts[ref.part]
        found = engine.line_of_offset(part.id, ref.block, max(ref.offset, 0))
        if found is not None:
            where = f"{part.label}第{found.part_page}页" if not part.is_main else f"第{found.page}页"
            draft_at = f".docx（caina 排版）{where}第{found.number}行（倒数第{found.from_bottom}行）"
    label = part_label_of(draft, al, a)
    return PrintedVersionError(
        f"PDF 与 .docx 不是同一稿：共{len(merged)}处文字不同。第一处{label}：.docx 为“{draft_passage}”，"
        f"PDF 为“{printed_passage}”（【】内为不同的文字，已略去空格）",
        where="；".join(x for x in (draft_at, printed_at) if x),
        fix="请确认 PDF 是由这份 .docx 印出的同一稿（送审稿）；草案若已修改，请用印发时的 .docx，"
        "或去掉 review.yaml 中的 printed:（改用 caina 自己的排版定位）",
    )


def _merge(bad: list[tuple[str, str, int, int]], near: int = 6) -> list[tuple[int, int, int, int]]:
    """Differences a few characters apart as one: (draft length, printed length, draft at, printed at)."""
    out: list[list[int]] = []
    for d, p, a, c in sorted(bad, key=lambda x: (x[2], x[3])):
        if out and a - (out[-1][2] + out[-1][0]) <= near and c - (out[-1][3] + out[-1][1]) <= near:
            last = out[-1]
            last[0] = max(last[0], a + len(d) - last[2])
            last[1] = max(last[1], c + len(p) - last[3])
        else:
            out.append([len(d), len(p), a, c])
    return [(x[0], x[1], x[2], x[3]) for x in out]


def _passage(text: str, at: int, n: int, context: int = 10, most: int = 30) -> str:
    """The differing stretch in 【】 with a little context; a long stretch is cut in the middle."""
    inner = text[at : at + n]
    if len(inner) > most:
        inner = f"{inner[: most // 2]}……（共{len(inner)}字）……{inner[-most // 2 :]}"
    return f"{text[max(0, at - context) : at]}【{inner}】{text[at + n : at + n + context]}"


def part_label_of(draft: Draft, al: Alignment, a: int) -> str:
    if not al.draft_refs:
        return ""
    part = draft.parts[al.draft_refs[min(a, len(al.draft_refs) - 1)].part]
    return f"（{part.label}）" if part.label != MAIN_PART_LABEL else ""
