"""Line breaking: one paragraph (or one table cell) wrapped into lines.

:func:`break_paragraph` applies the Chinese line-breaking rules (避头尾,
hanging punctuation, ——/…… kept whole, unbreakable ASCII words, autospace
between 汉字 and digits) to one paragraph and :func:`measure` gives the width
of one line; :mod:`caina.core.layout` stacks the lines onto pages.
docs/layout.md explains every rule.

How it stays fast (a 50-page draft in about 7 ms of CPython 3.11):

* a paragraph is translated once into *advance keys*
  (:func:`caina.core.metrics.advance_keys`, one ASCII character a character);
  two more ``str.translate`` calls on the keys, both on CPython's ASCII fast
  path, give the classes and the scripts, and the advances come from a table
  of a few dozen keys;
* the widths are prefix sums (``itertools.accumulate``), searched with
  ``bisect``: a line costs a few operations, not one a character;
* the autospace gaps and the script-run ends, which all sit where a Latin run
  begins or ends, come from one regular-expression search for Latin runs;
  the rules about single characters (避头尾, glue, hanging) are consulted
  only where a line ends, and a break between two 汉字, the commonest, is
  recognised without them;
* what a line needs of :class:`LayoutSettings` is read once per draft part
  (:func:`rules_for`), not once a paragraph.

None of this changes the arithmetic: each advance is width × size + spacing
with its gap and given-back spacing added to it, and the advances are summed
from the left, as one would add them up character by character, so the widths
and the breaks are exactly those of the plain computation.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from caina.core.fonts import latin_em
from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.metrics import (
    ALT_KINSOKU_END,
    ALT_KINSOKU_START,
    CLOSING_BRACKETS,
    HANGING_PUNCTUATION,
    KEY_CLASSES,
    KEY_EMS,
    KEY_SCRIPTS,
    KINSOKU_END,
    KINSOKU_START,
    OPENING_BRACKETS,
    PAIRED,
    advance_keys,
    char_class,
    key_advance_table,
    weak_latin_advance,
)

__all__ = ["break_paragraph", "measure", "wrap", "rules_for", "Rules", "grid_cell"]

# A line fits when it is at most one twip (1/20 pt) wider than the space:
# Word and LibreOffice measure in twips, and a page set up in millimetres
# (156 mm = 442.205 pt) is stored as whole twips (8845 = 442.25 pt).
_EPS = 0.05

_NEWLINE = re.compile(r"N")
# A Latin run in the scripts (C, L, W: metrics.KEY_SCRIPTS): a weak character
# takes the script of the strong one before it (a leading one that of the one
# after it), so a Latin run goes on through the weak characters after it up to
# the next CJK one. Starting with a literal, the search skips CJK text quickly.
_LATIN_RUN = re.compile(r"L[LW]*")
_NO_FORCED_BREAK = frozenset("\n\u2028\u2029")  # the characters classed N
# glue_brackets: closing brackets and quotes stick to a letter or digit after
# them, a letter or digit to an opening bracket or quote after it; ，、。 stick
# to a letter or digit after them where no mark hangs (LibreOffice breaks there
# only through its hanging-punctuation rule: not in table cells, not after
# Latin text: "16.7%，2019" and "（AB），2019" stay whole, "（二），" breaks)
_GLUE_CLOSE = CLOSING_BRACKETS | {"”", "’"}
_GLUE_OPEN = OPENING_BRACKETS | {"“", "‘"}
_CLOSE_PUNCT = frozenset("，、。")
_FULL_OPEN = frozenset("（〔【《〈「『〖［｛")  # full-width opening brackets (break_beside_latin)


# --------------------------------------------------------------------------
# the switches a line needs, read once


@dataclass(frozen=True, slots=True)
class Rules:
    """What :func:`wrap` needs of :class:`LayoutSettings`, with the kinsoku sets chosen."""

    hanging: bool
    hang_after_latin: bool
    keep_pairs: bool
    autospace: bool
    autospace_em: float
    keep_words: bool
    glue_brackets: bool
    break_beside_latin: bool
    kinsoku: bool
    start_forbidden: frozenset[str]
    end_forbidden: frozenset[str]
    weak_quotes_fullwidth: bool
    spacing_at_run_end: bool
    # a line may always end between two 汉字 (no 汉字 is in a kinsoku set in use)
    han_breaks: bool
    eps: float = _EPS  # how much wider than the space a line may be
    compress_run: float = 0.0  # share of its advance a mark in a run of adjacent marks may lose
    compress_lone: float = 0.0  # em a line with a lone compressible mark may lose
    half_width_spacing: float = 1.0  # share of the spacing half-width characters get
    whole_cells: bool = False  # on a character grid every character takes whole cells
    whole_width: bool = False  # on a character grid the width is a whole number of pitches
    latin_fonts: bool = False  # half-width text in the block's own Latin font (caina.core.fonts)
    latin_breaks: str = "never"  # breaks inside a Latin run: never / hyphen / icu (LayoutSettings.latin_breaks)


@lru_cache(maxsize=64)
def rules_for(settings: LayoutSettings) -> Rules:
    """The :class:`Rules` of ``settings`` (cached; layout() asks once a part, not once a paragraph)."""
    start = ALT_KINSOKU_START if settings.alt_kinsoku else KINSOKU_START
    if settings.ellipsis_may_start_line:
        start = start - {"…"}
    end = ALT_KINSOKU_END if settings.alt_kinsoku else KINSOKU_END
    return Rules(
        hanging=settings.hanging_punctuation,
        hang_after_latin=settings.hang_after_latin,
        keep_pairs=settings.keep_dash_ellipsis,
        autospace=settings.autospace,
        autospace_em=settings.autospace_em,
        keep_words=settings.keep_ascii_words,
        glue_brackets=settings.glue_brackets,
        break_beside_latin=settings.break_beside_latin,
        kinsoku=settings.kinsoku,
        start_forbidden=start,
        end_forbidden=end,
        weak_quotes_fullwidth=settings.weak_quotes_fullwidth,
        spacing_at_run_end=settings.spacing_at_run_end,
        han_breaks=not settings.kinsoku or all(char_class(c) != "H" for c in start | end),
        eps=settings.fit_tolerance_pt,
        compress_run=settings.compress_run_em if settings.compress_punctuation == "on" else 0.0,
        compress_lone=settings.compress_lone_em if settings.compress_punctuation == "on" else 0.0,
        half_width_spacing=0.5 if settings.half_width_grid_spacing == "on" else 1.0,
        whole_cells=settings.grid_whole_cells,
        whole_width=settings.grid_whole_width,
        latin_fonts=settings.latin_font_widths,
        latin_breaks=settings.latin_breaks,
    )


# --------------------------------------------------------------------------
# widths


def _widths(
    text: str,
    keys: str,
    cls: str,
    size: float,
    spacing: float,
    rules: Rules,
    pitch: float = 0.0,
    latin: str = "",
    runs: list[tuple[int, int, float]] | None = None,
) -> tuple[list[float], dict[int, float], set[int], float]:
    """Advances of ``text`` at ``size`` with character ``spacing``, as prefix sums.

    Returns ``(prefix, gaps, run_ends, end_back)``: ``prefix[i]`` is the advance
    of ``text[:i]``, gaps and run ends included; ``gaps`` the autospace before
    character i (not counted at a line start); ``run_ends`` the last characters
    of script runs (already given back their spacing); ``end_back`` what a line
    end that is not a run end gives back.

    Every character advances by its width plus ``spacing``; the autospace gap
    is added to the character after it; the last character of a script run
    (and of a line) gets its spacing back unless ``spacing_at_run_end``.

    On a character grid (``pitch`` > 0) half-width characters may get only part of the
    spacing (``half_width_spacing``), and with ``whole_cells`` every full-width character
    takes whole cells of the pitch.
    """
    adv = list(map(key_advance_table(size, spacing).__getitem__, keys))
    if latin and latin != "times" and ("L" in cls or "A" in cls or "S" in cls):
        for j, c in enumerate(cls):
            if c in "LAS":
                em = latin_em(text[j], latin)
                if em is not None:
                    adv[j] = max(0.0, em * size + spacing)
    half_weak = _resolve_weak(text, cls, adv, size, spacing, rules.weak_quotes_fullwidth) if "Q" in cls else []
    grid_gaps = _on_grid(text, keys, cls, adv, size, spacing, pitch, rules, half_weak, runs) if pitch > 0 else {}
    autospace = rules.autospace and rules.autospace_em and "L" in cls and "H" in cls
    give_back = spacing and not rules.spacing_at_run_end
    gaps: dict[int, float] = {}
    run_ends: set[int] = set()
    back = -spacing if give_back else 0.0
    if not (autospace or give_back) or ("L" not in cls and "A" not in cls and not half_weak):
        if grid_gaps:
            gaps.update(grid_gaps)
        return list(accumulate(adv, initial=0.0)), gaps, run_ends, back  # no Latin run: no gap, no run end
    # Measured in LibreOffice: “ ” in a CJK context are C, in a Latin one L;
    # "—", "…", spaces and zero-width characters are weak: they take the
    # script of the character before them ("平台——稳" is one CJK run,
    # "2018—2022" one Latin run).
    script = keys.translate(KEY_SCRIPTS)
    if half_weak:
        chars = list(script)
        for j in half_weak:
            chars[j] = "L"
        script = "".join(chars)
    # Both the gaps and the run ends sit at the ends of the Latin runs (the
    # weak characters after them included), the few events of a paragraph:
    # a gap goes to a letter or digit right after a 汉字 and to a 汉字 right
    # after one; a run ends before each Latin run that follows CJK text, and at
    # each that CJK text follows (the last run ends the text: a line end gives
    # its spacing back).
    at: list[int] = []
    ends: list[int] = []
    first_cjk = script.find("C")
    n = len(cls)
    for m in _LATIN_RUN.finditer(script):
        a, b = m.span()
        if autospace:
            if a and cls[a] == "L" and cls[a - 1] == "H":
                at.append(a)
            if b < n and cls[b] == "H" and cls[b - 1] == "L":
                at.append(b)
        if give_back:
            if 0 <= first_cjk < a:
                ends.append(a - 1)
            if b < n:
                ends.append(b - 1)
    if at:
        g = rules.autospace_em * size
        for j in at:
            adv[j] += g
        gaps = dict.fromkeys(at, g)
    for j, extra in grid_gaps.items():  # already in adv: a gap before the character after a run
        gaps[j] = gaps.get(j, 0.0) + extra
    if ends:
        for j in ends:
            adv[j] += back
        run_ends = set(ends)
    return list(accumulate(adv, initial=0.0)), gaps, run_ends, back


def grid_cell(pitch: float) -> float:
    """LibreOffice's cell on Word's character grid: the pitch in whole twips (15.79 pt → 15.75)."""
    return math.floor(pitch * 20 + 1e-6) / 20


def _on_grid(
    text: str,
    keys: str,
    cls: str,
    adv: list[float],
    size: float,
    spacing: float,
    pitch: float,
    rules: Rules,
    half_weak: list[int],
    runs: list[tuple[int, int, float]] | None = None,
) -> dict[int, float]:
    """Advances on a character grid: half-width characters with part of the spacing; whole cells.

    With ``whole_cells`` (LibreOffice setting a .docx as it is) every full-width character takes
    ⌈width / cell⌉ cells, and a run of other characters (Latin letters, digits, spaces, dashes)
    the cells its natural width needs, the extra on its last character; no spacing is added.
    (Returns the gaps to give back at a line start: none in this model.)
    """
    grid_gaps: dict[int, float] = {}
    if rules.whole_cells:
        cell = grid_cell(pitch)
        ems = KEY_EMS
        half = set(half_weak)
        n = len(cls)
        j = 0
        while j < n:
            c = cls[j]
            if c in "HPQ" and j not in half and text[j] != "—":
                adv[j] = math.ceil(ems[keys[j]] * size / cell - 1e-6) * cell
                j += 1
                continue
            if c in "ZN":
                j += 1
                continue
            k = j
            total = 0.0
            # a run of Latin text and of —/… ("2019—2025", "——", "5 %"): its cells as a whole
            while k < n and (cls[k] in "LAS" or k in half or text[k] == "—"):
                w = ems[keys[k]] * size if k not in half else adv[k] - spacing
                adv[k] = w
                total += w
                k += 1
            if k == j:  # nothing matched (cannot happen): move on
                j += 1
                continue
            extra = math.ceil(total / cell - 1e-6) * cell - total
            adv[k - 1] += extra  # the run ends on a cell boundary (measured: "到2025" does not fit where 到 does)
            if runs is not None and k - j > 1:
                runs.append((j, k, extra))  # a run a line may break inside: each piece takes whole cells
            j = k
        return grid_gaps
    if rules.half_width_spacing != 1.0 and spacing:
        less = spacing * (1.0 - rules.half_width_spacing)
        for j, c in enumerate(cls):
            if c in "LAS":
                adv[j] -= less
        for j in half_weak:
            adv[j] -= less
    return grid_gaps


def _resolve_weak(text: str, cls: str, adv: list[float], size: float, spacing: float, fullwidth: bool) -> list[int]:
    """Give “ ” ‘ ’ their width: full (CJK font) or Latin by context.

    A weak character is in a CJK context when the nearest strong character on
    either side is CJK (H or P); in a Latin context when the strong neighbours
    are Latin (L or A). With no strong neighbour at all it counts as CJK.
    Returns the positions set half width.
    """
    half: list[int] = []
    if fullwidth and "L" not in cls and "A" not in cls:
        return half  # no Latin neighbour anywhere: all full width, as they are
    n = len(cls)
    j = cls.find("Q")
    while j >= 0:
        if fullwidth:
            before = after = ""
            k = j - 1
            while k >= 0 and cls[k] in "QSZN":
                k -= 1
            if k >= 0:
                before = cls[k]
            k = j + 1
            while k < n and cls[k] in "QSZN":
                k += 1
            if k < n:
                after = cls[k]
            if before in ("H", "P") or after in ("H", "P") or not (before or after):
                j = cls.find("Q", j + 1)
                continue  # already full width
        adv[j] = weak_latin_advance(text[j], size, spacing)
        half.append(j)
        j = cls.find("Q", j + 1)
    return half


def measure(
    text: str,
    *,
    font_size_pt: float = 16.0,
    char_spacing_pt: float = -0.25,
    settings: LayoutSettings | None = None,
) -> float:
    """Width in points of ``text`` set as one line (spacing and autospace included)."""
    n = len(text)
    if n == 0:
        return 0.0
    keys = advance_keys(text)
    rules = rules_for(settings or DEFAULT_SETTINGS)
    prefix, gaps, run_ends, back = _widths(
        text, keys, keys.translate(KEY_CLASSES), font_size_pt, char_spacing_pt, rules
    )
    w = prefix[n] - prefix[0] - gaps.get(0, 0.0)
    return w if n - 1 in run_ends else w + back


# --------------------------------------------------------------------------
# punctuation compression

# full-width marks with a blank half that compression may take: on the right (the stops and
# closing brackets, drawn to the left of their cell in Chinese fonts), on the left (opening
# brackets). ？！ have none; ——, …… and · are never compressed.
RIGHT_BLANK = frozenset("，。、；：”’）》〉〕】」』〗］｝")
LEFT_BLANK = frozenset("“‘（《〈〔【「『〖［｛")
_MARKS = RIGHT_BLANK | LEFT_BLANK | frozenset("？！")
# ？！ sit in the middle of their cell: a quarter em of blank each side, lone only
_QUARTER_BLANK = frozenset("？！")


def _compression(text: str, prefix: list[float], size: float, rules: Rules) -> tuple[list[float], list[float]]:
    """What compressing punctuation (w:characterSpacingControl) can take from a line.

    A mark's blank half that faces another mark (”：, 。？, 》（ — both halves there) may go
    whole (``compress_run`` of the mark's advance); blank halves facing anything else are
    *lone*: a line holding any may shrink by up to ``compress_lone`` em in all, half an em a
    blank (a quarter for ？！, which sit mid-cell). Returns the prefix sums of the first (each
    counted at the later of the two marks, so only a line holding both gets it) and of the lone
    blanks in em. Measured on Word's PDFs (docs/layout.md, "Word's grid").
    """
    n = len(text)
    share = rules.compress_run
    credit = [0.0] * (n + 1)
    lone = [0.0] * (n + 1)
    at = [0.0] * (n + 1)
    blank = [0.0] * n
    for j, c in enumerate(text):
        if c not in _MARKS:
            continue
        adv = prefix[j + 1] - prefix[j]
        if adv <= 0.7 * size:
            continue  # drawn half width already (a quote in Latin text)
        if c in _QUARTER_BLANK:
            blank[j] += 0.25
        elif c in RIGHT_BLANK:
            if j + 1 < n and text[j + 1] in _MARKS:
                at[j + 1] += share * adv
            else:
                blank[j] += 0.5
        elif j > 0 and text[j - 1] in _MARKS:
            at[j] += share * adv
        else:
            blank[j] += 0.5
    c_sum = 0.0
    b_sum = 0.0
    for j in range(n):
        c_sum += at[j]
        b_sum += blank[j]
        credit[j + 1] = c_sum
        lone[j + 1] = b_sum
    return credit, lone


class _PieceCorrection:
    """On LibreOffice's character grid a run of Latin text that a line break splits takes whole cells in
    each piece: the width of a line starting or ending inside such a run, less what the prefix sums count
    (which round the whole run up at its end)."""

    def __init__(self, runs: list[tuple[int, int, float]], prefix: list[float], cell: float) -> None:
        self.cell = cell
        self.prefix = prefix
        self.runs = runs
        self.slack = cell  # the most a correction can take off a line (the bisect looks that much further)
        self.run_at: dict[int, tuple[int, int, float]] = {}
        for r in runs:
            for i in range(r[0] + 1, r[1]):
                self.run_at[i] = r  # positions strictly inside a run, where a line may start or end

    def _rounded(self, a: int, b: int, extra_in: float) -> float:
        natural = self.prefix[b] - self.prefix[a] - extra_in
        return math.ceil(natural / self.cell - 1e-6) * self.cell - (self.prefix[b] - self.prefix[a])

    def __call__(self, s: int, f: int) -> float:
        start = self.run_at.get(s)
        end = self.run_at.get(f)
        if start is None and end is None:
            return 0.0
        if start is not None and start is end:  # the line lies inside one run
            return self._rounded(s, f, 0.0)
        out = 0.0
        if start is not None:  # the rest of a run the line above began
            out += self._rounded(s, start[1], start[2])
        if end is not None:  # a run the line below ends
            out += self._rounded(end[0], f, 0.0)
        return out


def _piece_correction(runs: list[tuple[int, int, float]], prefix: list[float], cell: float) -> _PieceCorrection | None:
    return _PieceCorrection(runs, prefix, cell) if runs and cell > 0 else None


# --------------------------------------------------------------------------
# line breaking


def break_paragraph(
    text: str,
    *,
    width_pt: float,
    first_indent_pt: float = 0.0,
    font_size_pt: float = 16.0,
    char_spacing_pt: float = -0.25,
    settings: LayoutSettings | None = None,
) -> list[tuple[int, int]]:
    """Wrap ``text`` into lines; return their half-open ``(start, end)`` ranges.

    ``width_pt`` is the width available to continuation lines (text width minus
    left and right indents); the first line has ``width_pt - first_indent_pt``.
    The ranges cover ``text`` exactly, in order. A hanging punctuation mark
    belongs to the line it hangs on; spaces at a line end stay on that line;
    a line feed ends its line (and belongs to it).
    """
    rules = rules_for(settings or DEFAULT_SETTINGS)
    return wrap(text, width_pt, first_indent_pt, font_size_pt, char_spacing_pt, rules)


# a run of half-width text no line may break inside (spaces and 汉字 end it)
_HYPHEN_PIECES = re.compile(r"(?<=[0-9A-Za-z]-)(?=[0-9A-Za-z])")  # after a hyphen between letters or digits
_ICU_PIECES = re.compile(r"(?<=[0-9A-Za-z]-)(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]/)(?=[A-Za-z])")  # and after a slash before a letter
_UNBROKEN = re.compile(r"[!-~\u00a0-\u024f\u2010-\u2027\u2030-\u205e]+")


def min_content_width(text: str, size: float, spacing: float, rules: Rules, latin: str = "") -> float:
    """The width in points of the widest piece of ``text`` no line may break inside: its longest
    run of Latin letters, digits and marks between spaces, cut after a hyphen between letters or
    digits (and, with ``icu``, after a slash before a letter) as ``rules.latin_breaks`` allows (what Word widens an
    autofit table's column to hold)."""
    widest = 0.0
    for m in _UNBROKEN.finditer(text):
        run = m.group()
        pieces = [run]
        if rules.latin_breaks != "never":  # the breaks can_break allows inside a Latin run
            pieces = (_ICU_PIECES if rules.latin_breaks == "icu" else _HYPHEN_PIECES).split(run)
        for piece in pieces:
            keys = advance_keys(piece)
            prefix, gaps, _ends, _back = _widths(
                piece, keys, keys.translate(KEY_CLASSES), size, spacing, rules, 0.0, latin
            )
            widest = max(widest, prefix[len(piece)] - prefix[0] - gaps.get(0, 0.0))
    return widest


def wrap(
    text: str,
    width_pt: float,
    first_indent_pt: float,
    size: float,
    spacing: float,
    rules: Rules,
    pitch: float = 0.0,
    latin: str = "",
) -> list[tuple[int, int]]:
    """:func:`break_paragraph` with the settings read once (:func:`rules_for`); ``pitch`` is the
    character grid's pitch (0: no character grid); ``latin`` the block's Latin font table
    (:func:`caina.core.fonts.font_key`; "" = Times)."""
    n = len(text)
    if n == 0:
        return []
    # short text (a table cell, a heading): no character is wider than 1 em
    # plus an autospace gap and the spacing given back, so it surely fits
    if n * (size * (1.0 + rules.autospace_em) + abs(spacing)) <= width_pt - first_indent_pt and (
        _NO_FORCED_BREAK.isdisjoint(text)
    ) and not (rules.whole_cells and pitch):
        return [(0, n)]
    keys = advance_keys(text)
    cls = keys.translate(KEY_CLASSES)
    grid_runs: list[tuple[int, int, float]] = []
    prefix, gaps, run_ends, end_back = _widths(text, keys, cls, size, spacing, rules, pitch, latin, grid_runs)
    piece = _piece_correction(grid_runs, prefix, grid_cell(pitch)) if grid_runs else None
    # punctuation compression: what each character may give up (prefix sums), and how much a
    # line holding a lone compressible mark may give up
    credit: list[float] | None = None
    lone: list[float] = []
    lone_cap = 0.0
    if (rules.compress_run or rules.compress_lone) and ("P" in cls or "Q" in cls):
        credit, lone = _compression(text, prefix, size, rules)
        lone_cap = rules.compress_lone * size
    adj = prefix if credit is None else [p - c for p, c in zip(prefix, credit, strict=True)]

    kinsoku = rules.kinsoku
    start_forbidden = rules.start_forbidden
    end_forbidden = rules.end_forbidden
    keep_words = rules.keep_words
    latin_breaks = rules.latin_breaks
    keep_pairs = rules.keep_pairs
    hanging = rules.hanging
    hang_after_latin = rules.hang_after_latin
    glue_brackets = rules.glue_brackets
    beside_latin = rules.break_beside_latin
    han_breaks = rules.han_breaks

    def after_latin(i: int) -> bool:
        """Whether the punctuation at ``i`` follows Latin text: the nearest character
        before it that is not punctuation, a quote or a space is a letter, digit or symbol."""
        k = i - 1
        while k >= 0 and cls[k] in "PQSZ":
            k -= 1
        return k >= 0 and cls[k] in "LA"

    def can_break(i: int) -> bool:
        """Whether a line may end between ``text[i-1]`` and ``text[i]``."""
        cb = cls[i]
        if cb in "SZN":  # spaces, marks and line feeds stay with what precedes
            return False
        ca = cls[i - 1]
        if keep_words and ca in "LA" and cb in "LA":
            # inside a run of Latin text: only after a hyphen between letters or digits ("e-mail",
            # "0771-1234"), and ("icu") after a slash before a letter ("http://www", "A/B")
            a = text[i - 1]
            if latin_breaks == "never" or i < 2 or cls[i - 2] not in "LA":
                return False
            if not (a == "-" or (a == "/" and latin_breaks == "icu" and text[i].isalpha())):
                return False
        a = text[i - 1]
        b = text[i]
        if keep_pairs and a == b and a in PAIRED:
            return False
        if glue_brackets and (
            (
                cb == "L"
                and (a in _GLUE_CLOSE or (a in _CLOSE_PUNCT and not beside_latin and (not hanging or after_latin(i - 1))))
            )
            or (ca == "L" and b in _GLUE_OPEN and not (beside_latin and b in _FULL_OPEN))
        ):
            return False
        return not (kinsoku and (b in start_forbidden or a in end_forbidden))

    hard_ends = [m.end() for m in _NEWLINE.finditer(cls)] if "N" in cls else []
    hard_ends.append(n)
    lines: list[tuple[int, int]] = []
    s = 0
    avail = width_pt - first_indent_pt
    lowest_end = min(end_back, 0.0)  # a line end gives back at most this much
    eps = rules.eps
    for hard in hard_ends:
        hi = hard + 1
        while s < hard:
            limit = adj[s] + gaps.get(s, 0.0) + avail + eps
            slack = piece.slack if piece is not None else 0.0
            f = bisect_right(adj, limit - lowest_end + lone_cap + slack, s, hi) - 1
            while f > s and adj[f] + (0.0 if f - 1 in run_ends else end_back) - (
                min(lone_cap, size * (lone[f] - lone[s])) if lone_cap else 0.0
            ) + (piece(s, f) if piece is not None else 0.0) > limit:
                f -= 1  # text[s:f] fits, with the spacing given back at its end
            if f >= hard:
                e = hard
            elif f <= s:
                e = s + 1  # not even one character fits: set it anyway
            elif han_breaks and cls[f] == "H" and cls[f - 1] == "H":
                e = f  # between two 汉字 (the commonest case): no rule forbids it
            else:
                e = 0
                if cls[f] == "S":  # spaces at the end of a line hang
                    g = f + 1
                    while g < hard and cls[g] == "S":
                        g += 1
                    if g >= hard or can_break(g):
                        e = g
                if (
                    not e
                    and hanging
                    and text[f] in HANGING_PUNCTUATION
                    and (f + 1 >= hard or can_break(f + 1))
                    and (hang_after_latin or not after_latin(f))
                ):
                    e = f + 1
                if not e:
                    for b in range(f, s, -1):
                        if can_break(b) and not (b == f and text[b - 1] == "/" and cls[b] in "LA"):
                            # (a break after a slash right before the first character that does not fit is
                            # not taken by LibreOffice; one after a hyphen is — measured)
                            e = b
                            break
                    else:
                        e = f  # one unbreakable run longer than the line
            while e < hard and cls[e] == "S":
                e += 1  # spaces never start a line: they hang at the end of this one
            lines.append((s, e))
            s = e
            avail = width_pt
    return lines
