"""Chinese and Arabic numerals as they appear in page/line citations.

``parse_number`` reads the numbers a person writes in "P3倒数第十一行",
"第３页", "附件三" or "两处": Arabic digits (half- or full-width) or Chinese
numerals from 〇/零 up to 九千九百九十九. ``to_chinese`` writes the canonical
Chinese form (10 → 十, 110 → 一百一十, 1005 → 一千零五) and ``count_word`` the
form used before a measure word (2 → 两, as in "两处").

Accepted Chinese forms are the regular ones: every unit (千 百 十) is preceded
by a digit, except 十 at the start or after 零 (十一 = 11, 一千零十 = 1010;
一十一 is accepted as well); 两 may stand for 二 anywhere; a skipped unit is
marked by one 零 or 〇 (一百零五, 一千〇五十). Colloquial abbreviations such as 一百五 (150) and positional
digit strings such as 二〇二五 are rejected, because in a citation they are
more likely typing errors than intended numbers.
"""

from __future__ import annotations

__all__ = ["NUMERAL_RE", "parse_number", "to_chinese", "count_word", "is_arabic"]

#: Regex fragment matching one written number (Arabic or Chinese, not mixed).
NUMERAL_RE = r"[0-9０-９]+|[〇零一二两三四五六七八九十百千]+"

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZEROS = frozenset("〇零")
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "〇一二三四五六七八九"
_MAX = 9999


def is_arabic(text: str) -> bool:
    """Whether ``text`` is written in (half- or full-width) Arabic digits."""
    return bool(text) and all(ch in "0123456789０１２３４５６７８９" for ch in text)


def parse_number(text: str) -> int:
    """The value of a written number: "12", "１２", "十二", "一百零五", "两", "〇".

    Surrounding whitespace is ignored. Raises :class:`ValueError` for anything
    that is not one well-formed number.
    """
    s = text.strip()
    if not s:
        raise ValueError(f"empty numeral: {text!r}")
    if is_arabic(s):
        return int(s.translate(_FULLWIDTH_DIGITS))
    return _parse_chinese(s, text)


def _parse_chinese(s: str, original: str) -> int:
    if s in _ZEROS:
        return 0
    total = 0
    pending: int | None = None  # a digit waiting for its unit
    last_unit: int | None = None  # the last unit consumed
    after_zero = False  # a 零 was written since the last unit
    for i, ch in enumerate(s):
        if ch in _ZEROS:
            # 零 marks a skipped unit: only after a unit, once, never at the end
            if last_unit is None or pending is not None or after_zero or i == len(s) - 1:
                raise ValueError(f"bad Chinese numeral: {original!r}")
            after_zero = True
        elif ch in _DIGITS:
            if pending is not None:
                raise ValueError(f"bad Chinese numeral: {original!r}")
            pending = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if pending is None:
                if unit == 10 and (i == 0 or after_zero):  # 十一 = 11, 一千零十 = 1010
                    pending = 1
                else:
                    raise ValueError(f"bad Chinese numeral: {original!r}")
            if last_unit is not None:
                # without 零 the next unit follows directly; with 零 one is skipped
                if after_zero and unit >= last_unit // 10:
                    raise ValueError(f"bad Chinese numeral: {original!r}")
                if not after_zero and unit != last_unit // 10:
                    raise ValueError(f"bad Chinese numeral: {original!r}")
            total += pending * unit
            pending = None
            last_unit = unit
            after_zero = False
        else:
            raise ValueError(f"bad Chinese numeral: {original!r}")
    if pending is not None:
        # a final digit: alone, after 十, or after 零 (一百零五)
        if last_unit is not None and last_unit != 10 and not after_zero:
            raise ValueError(f"bad Chinese numeral: {original!r}")
        total += pending
    return total


def to_chinese(n: int) -> str:
    """Canonical Chinese numeral for ``0 <= n <= 9999``: 10 → 十, 21 → 二十一, 0 → 〇."""
    if not 0 <= n <= _MAX:
        raise ValueError(f"to_chinese supports 0..{_MAX}, got {n}")
    if n == 0:
        return "〇"
    if 10 <= n < 20:
        return "十" + (_DIGIT_CHARS[n - 10] if n > 10 else "")
    out: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGIT_CHARS[digit] + name)
    return "".join(out)


def count_word(n: int) -> str:
    """The number as written before a measure word: 2 → 两 (两处), 12 → 十二."""
    return "两" if n == 2 else to_chinese(n)
