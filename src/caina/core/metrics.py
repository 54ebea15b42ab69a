"""Character classes and advance widths for the layout engine.

Every character of a draft falls into one class, written as one letter so a
whole paragraph can be classified with one ``str.translate`` call:

====  =========================================================  ==========
code  what                                                        width
====  =========================================================  ==========
H     汉字, kana, full-width letters and digits (ＡＢ１２)           1 em
P     full-width and CJK punctuation and symbols (，。《》（）——……①)  1 em
L     half-width letters and digits (Latin, Greek, 0-9)           font
A     half-width punctuation and symbols (ASCII ``/ - ( ) %``)    font
S     the ASCII space                                             font
Q     "weak" quotes: “ ” ‘ ’                                      by context
Z     zero-width and control characters (ZWSP, combining marks)   0
N     a line feed: a forced line break inside a paragraph         0
====  =========================================================  ==========

"font" widths are the advance widths of Liberation Serif, which is
metric-compatible with Times New Roman (the usual Latin font of Chinese
official documents), for printable ASCII and Latin-1; other half-width
characters get 0.5 em.

The layout engine reads the classes, widths and scripts of a paragraph
through *advance keys* (:func:`advance_keys`, at the end of this module): one
ASCII character a character, standing for its kind, which is faster to look
up than the characters themselves.

The kinsoku (避头尾) sets are the ECMA-376 defaults for zh-CN, and Word's
alternative set (``w:useAltKinsokuLineBreakRules``) from ISO/IEC 29500-1.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = [
    "UNITS_PER_EM",
    "LIBERATION_SERIF_ADVANCES",
    "LIBERATION_SERIF_LATIN1_ADVANCES",
    "KINSOKU_START",
    "KINSOKU_END",
    "ALT_KINSOKU_START",
    "ALT_KINSOKU_END",
    "CLOSING_BRACKETS",
    "OPENING_BRACKETS",
    "HANGING_PUNCTUATION",
    "PAIRED",
    "WEAK_CHARS",
    "char_class",
    "classify",
    "em_width",
    "half_width_em",
    "advance_table",
    "weak_latin_advance",
    "advance_keys",
    "KEY_CLASSES",
    "KEY_SCRIPTS",
    "key_advance_table",
    "KEY_EMS",
]

UNITS_PER_EM = 2048

# Advance widths (font units, 2048 per em) of the 95 printable ASCII
# characters in Liberation Serif Regular 2.1.5, read once with fontTools from
# /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
# (``TTFont(path)["hmtx"][cmap[ord(ch)]][0]``). Liberation Serif is
# metric-compatible with Times New Roman, so these are Times's widths too.
# fontTools is not a runtime dependency: the table is all we need.
LIBERATION_SERIF_ADVANCES: dict[str, int] = {
    ' ': 512, '!': 682, '"': 836, '#': 1024, '$': 1024, '%': 1706, '&': 1593, "'": 369,
    '(': 682, ')': 682, '*': 1024, '+': 1155, ',': 512, '-': 682, '.': 512, '/': 569,
    '0': 1024, '1': 1024, '2': 1024, '3': 1024, '4': 1024, '5': 1024, '6': 1024, '7': 1024,
    '8': 1024, '9': 1024, ':': 569, ';': 569, '<': 1155, '=': 1155, '>': 1155, '?': 909,
    '@': 1886, 'A': 1479, 'B': 1366, 'C': 1366, 'D': 1479, 'E': 1251, 'F': 1139, 'G': 1479,
    'H': 1479, 'I': 682, 'J': 797, 'K': 1479, 'L': 1251, 'M': 1821, 'N': 1479, 'O': 1479,
    'P': 1139, 'Q': 1479, 'R': 1366, 'S': 1139, 'T': 1251, 'U': 1479, 'V': 1479, 'W': 1933,
    'X': 1479, 'Y': 1479, 'Z': 1251, '[': 682, '\\': 569, ']': 682, '^': 961, '_': 1024,
    '`': 682, 'a': 909, 'b': 1024, 'c': 909, 'd': 1024, 'e': 909, 'f': 682, 'g': 1024,
    'h': 1024, 'i': 569, 'j': 569, 'k': 1024, 'l': 569, 'm': 1593, 'n': 1024, 'o': 1024,
    'p': 1024, 'q': 1024, 'r': 682, 's': 797, 't': 569, 'u': 1024, 'v': 1024, 'w': 1479,
    'x': 1024, 'y': 1024, 'z': 909, '{': 983, '|': 410, '}': 983, '~': 1108,
}  # fmt: skip

# The same for Latin-1 Supplement (U+00A0–U+00FF), read the same way: é, °,
# ×, ± and the middle dot · (which LibreOffice draws with the Latin font,
# half width, even between 汉字).
LIBERATION_SERIF_LATIN1_ADVANCES: dict[str, int] = {
    '\xa0': 512, '¡': 682, '¢': 1024, '£': 1024, '¤': 1024, '¥': 1024, '¦': 410, '§': 1024,
    '¨': 682, '©': 1556, 'ª': 565, '«': 1024, '¬': 1155, '\xad': 682, '®': 1556, '¯': 1024,
    '°': 819, '±': 1124, '²': 614, '³': 614, '´': 682, 'µ': 1180, '¶': 928, '·': 682,
    '¸': 682, '¹': 614, 'º': 635, '»': 1024, '¼': 1536, '½': 1536, '¾': 1536, '¿': 909,
    'À': 1479, 'Á': 1479, 'Â': 1479, 'Ã': 1479, 'Ä': 1479, 'Å': 1479, 'Æ': 1821, 'Ç': 1366,
    'È': 1251, 'É': 1251, 'Ê': 1251, 'Ë': 1251, 'Ì': 682, 'Í': 682, 'Î': 682, 'Ï': 682,
    'Ð': 1479, 'Ñ': 1479, 'Ò': 1479, 'Ó': 1479, 'Ô': 1479, 'Õ': 1479, 'Ö': 1479, '×': 1155,
    'Ø': 1479, 'Ù': 1479, 'Ú': 1479, 'Û': 1479, 'Ü': 1479, 'Ý': 1479, 'Þ': 1139, 'ß': 1024,
    'à': 909, 'á': 909, 'â': 909, 'ã': 909, 'ä': 909, 'å': 909, 'æ': 1366, 'ç': 909,
    'è': 909, 'é': 909, 'ê': 909, 'ë': 909, 'ì': 569, 'í': 569, 'î': 569, 'ï': 569,
    'ð': 1024, 'ñ': 1024, 'ò': 1024, 'ó': 1024, 'ô': 1024, 'õ': 1024, 'ö': 1024, '÷': 1124,
    'ø': 1024, 'ù': 1024, 'ú': 1024, 'û': 1024, 'ü': 1024, 'ý': 1024, 'þ': 1024, 'ÿ': 1024,
}  # fmt: skip

# Liberation Serif's own widths of the weak characters, used when they are
# drawn with the Latin font (a Latin context).
_WEAK_LATIN_ADVANCES = {"“": 909, "”": 909, "‘": 682, "’": 682}

# ECMA-376 default kinsoku sets for zh-CN (w:kinsoku; listed in the project's
# reference/gbt9704-layout.md): characters that cannot start / end a line.
KINSOKU_START = frozenset(
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
)
KINSOKU_END = frozenset("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥")

# The alternative set of ISO/IEC 29500-1 ``useAltKinsokuLineBreakRules`` for
# Chinese (Simplified). The copies of the list we could read repeat ASCII
# punctuation at the end; we take the repeats to be the full-width forms
# (！＂＇），．…) that the default set also lists. Unverified against Word.
ALT_KINSOKU_START = frozenset("!),.:;?]}¨·ˇˉ―‖’”…∶、。〃々〉》」』】〕〗！＂＇），．：；？］｀｜｝～￠")
ALT_KINSOKU_END = frozenset("([{·‘“〈《「『【〔〖（．［｛￡￥")

# Brackets of Unicode line-break classes CL/CP and OP (UAX #14), used by the
# rule that glues a bracket to a letter or digit beside it.
CLOSING_BRACKETS = frozenset(")]}〕〉》」』】〗〙〛）］｝｠")
OPENING_BRACKETS = frozenset("([{〔〈《「『【〖〘〚（［｛｟")

# Punctuation that may hang past the right margin (w:overflowPunct).
HANGING_PUNCTUATION = frozenset("，。、；：？！")

# Characters written in pairs that must not be split (GB/T 15834: —— and ……).
PAIRED = frozenset("—…")

WEAK_CHARS = frozenset("“”‘’")


def char_class(ch: str) -> str:
    """The one-letter class of ``ch`` (see the module docstring)."""
    if ch in "\n\u2028\u2029":
        return "N"
    if ch == " ":
        return "S"
    if ch in WEAK_CHARS:
        return "Q"
    code = ord(ch)
    if 0x21 <= code < 0x7F:
        return "L" if ch.isalnum() else "A"
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Mn", "Me"):
        return "Z"
    eaw = unicodedata.east_asian_width(ch)
    letter = cat[0] in "LN"
    if eaw in ("W", "F"):
        return "H" if letter else "P"
    if eaw == "A":
        # Ambiguous width: Latin/Greek/Cyrillic letters are drawn with the
        # Latin font (half width); symbols from U+2000 on (—, …, ①, ℃, →, ※)
        # with the CJK font (full width); Latin-1 symbols (°, ±, ×, §, ·) half
        # width, as LibreOffice draws them.
        if cat[0] == "L":
            return "L"
        return "P" if code >= 0x2000 else "A"
    # Narrow, half-width or neutral: letters and digits, else symbols (no-break
    # and other spaces included: drawn, never a break).
    return "L" if letter else "A"


def classify(text: str) -> str:
    """The class letters of ``text``, one per character (same length)."""
    return advance_keys(text).translate(KEY_CLASSES)


def half_width_em(ch: str) -> float:
    """Advance of a half-width character drawn with the Latin font, in em."""
    units = (
        LIBERATION_SERIF_ADVANCES.get(ch)
        or LIBERATION_SERIF_LATIN1_ADVANCES.get(ch)
        or _WEAK_LATIN_ADVANCES.get(ch)
    )
    return units / UNITS_PER_EM if units else 0.5


def em_width(ch: str) -> float:
    """Advance of ``ch`` in em, weak characters counted full width."""
    cls = char_class(ch)
    if cls in "HPQ":
        return 1.0
    if cls in "ZN":
        return 0.0
    return half_width_em(ch)


class _AdvanceTable(dict[str, float]):
    """char → advance in points at one font size and character spacing."""

    def __init__(self, size_pt: float, spacing_pt: float) -> None:
        super().__init__()
        self.size_pt = size_pt
        self.spacing_pt = spacing_pt

    def __missing__(self, ch: str) -> float:
        em = em_width(ch)
        # zero-width characters take no spacing either; nothing goes negative
        adv = max(0.0, em * self.size_pt + self.spacing_pt) if em else 0.0
        self[ch] = adv
        return adv


@lru_cache(maxsize=64)
def advance_table(size_pt: float, spacing_pt: float) -> dict[str, float]:
    """A lazily filled ``{char: advance_pt}`` table (weak characters full width).

    Advance = width × size + spacing: 汉字 at 3号 with −0.25 pt spacing
    advance 15.75 pt, a digit 7.75 pt.
    """
    return _AdvanceTable(size_pt, spacing_pt)


def weak_latin_advance(ch: str, size_pt: float, spacing_pt: float) -> float:
    """Advance of a weak character drawn with the Latin font."""
    return half_width_em(ch) * size_pt + spacing_pt


# --------------------------------------------------------------------------
# Advance keys: a paragraph in a short alphabet, for speed
#
# The layout engine needs three things of a character: its class, its advance
# in em and its script (C, L, or W for the weak characters that take their
# neighbour's: spaces, zero-width characters, line feeds, "—" and "…"). A
# draft's thousands of distinct 汉字 share one such *kind*, and all characters
# share fewer than fifty, so :func:`advance_keys` translates a paragraph into
# one ASCII *key* a character, standing for its kind. From the keys, one
# ``str.translate`` (ASCII: CPython's fast path) gives the classes or the
# scripts, and the advances come from a table of a few dozen keys instead of
# one entry a 汉字 (ASCII one-character strings are cached by CPython, where
# every 汉字 taken from a string is a new object to hash).

_KINDS: dict[tuple[str, float, str], str] = {}  # (class, em, script) → key
KEY_CLASSES: dict[int, str] = {}  # ord(key) → class letter: a ``str.translate`` table
KEY_SCRIPTS: dict[int, str] = {}  # ord(key) → C / L / W
_KEY_EMS: dict[str, float] = {}  # key → advance in em (weak quotes full width)
KEY_EMS = _KEY_EMS  # the same table, for the layout's grid rules
_SCRIPT_OF_CLASS = {"H": "C", "P": "C", "Q": "C", "L": "L", "A": "L", "S": "W", "Z": "W", "N": "W"}
_WEAK_PUNCTUATION = "—…"  # full-width punctuation that takes the script of the character before it


def _register(kind: tuple[str, float, str]) -> str:
    key = chr(len(_KINDS))
    _KINDS[kind] = key
    KEY_CLASSES[ord(key)] = kind[0]
    KEY_SCRIPTS[ord(key)] = kind[2]
    _KEY_EMS[key] = kind[1]
    return key


def _key_of(ch: str) -> str:
    """The key of ``ch``'s kind."""
    cls = char_class(ch)
    kind = (cls, em_width(ch), "W" if ch in _WEAK_PUNCTUATION else _SCRIPT_OF_CLASS[cls])
    # every kind is registered below, at import (so that threads never race to
    # register one); registering here is only a safety net
    return _KINDS.get(kind) or _register(kind)


# Every kind there is: beyond Latin-1 a character is 1 em (H, P, Q), 0 (Z, N)
# or 0.5 em (other half-width letters and symbols); Latin-1 has its own widths.
for _kind in (("H", 1.0, "C"), ("P", 1.0, "C"), ("P", 1.0, "W"), ("Q", 1.0, "C")):
    _register(_kind)
for _kind in (("L", 0.5, "L"), ("A", 0.5, "L"), ("Z", 0.0, "W"), ("N", 0.0, "W")):
    _register(_kind)


# The translate tables from characters to keys: a list indexed by code point
# for the Basic Multilingual Plane (the fastest table ``str.translate`` takes:
# a third faster than a dict; 512 KB), whose unfilled entries are None (a
# deleted character, which the length of the result reveals), and a dict for
# every character, filled lazily, which fills the list as it learns.
_BMP_KEYS: list[str | None] = [None] * 0x10000


class _KeyTable(dict[int, str]):
    """``str.translate`` table filled lazily: code point → key (fills the BMP list too)."""

    def __missing__(self, code: int) -> str:
        key = self[code] = _key_of(chr(code))
        if code < len(_BMP_KEYS):
            _BMP_KEYS[code] = key
        return key


_KEYS = _KeyTable()
for _code in range(0x100):  # Latin-1 (its kinds among them) known from the start
    _KEYS[_code]
assert len(_KINDS) <= 128, "keys must stay ASCII for the fast path of advance_keys"


def advance_keys(text: str) -> str:
    """One key a character of ``text`` (same length): ``keys.translate(KEY_CLASSES)`` are
    its classes (:func:`classify`), ``keys.translate(KEY_SCRIPTS)`` its scripts, and
    :func:`key_advance_table` maps each key to its advance."""
    keys = text.translate(_BMP_KEYS)
    if len(keys) != len(text) or not keys.isascii():
        # a character not met before (deleted by its None entry) or beyond the
        # BMP (left as it is): the dict knows or learns every character
        keys = text.translate(_KEYS)
    return keys


class _KeyAdvanceTable(dict[str, float]):
    """key → advance in points at one font size and character spacing."""

    def __init__(self, size_pt: float, spacing_pt: float) -> None:
        super().__init__()
        self.size_pt = size_pt
        self.spacing_pt = spacing_pt

    def __missing__(self, key: str) -> float:
        em = _KEY_EMS[key]
        # as _AdvanceTable: zero-width characters take no spacing; nothing goes negative
        adv = max(0.0, em * self.size_pt + self.spacing_pt) if em else 0.0
        self[key] = adv
        return adv


@lru_cache(maxsize=64)
def key_advance_table(size_pt: float, spacing_pt: float) -> dict[str, float]:
    """``{key: advance_pt}`` for the keys of :func:`advance_keys`: the same advances as
    :func:`advance_table` gives the characters (weak characters full width)."""
    return _KeyAdvanceTable(size_pt, spacing_pt)
