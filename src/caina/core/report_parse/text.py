"""Text helpers: clean hand-typed lines, find quotations, read numbers, map offsets to lines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from caina.core.numerals import parse_number
from caina.core.webtext import fullwidth

#: one written number: Arabic (half/full width) or Chinese (with 万 for large counts)
NUM = r"[0-9０-９]{1,9}|[〇零一二两三四五六七八九十百千万]{1,12}"
#: a Chinese or Arabic ordinal as used in locators (no 万)
ORD = r"[0-9０-９]{1,6}|[〇零一二两三四五六七八九十百千]{1,8}"

_ARTEFACTS = (
    (re.compile(r"\[bookmark:\s*[^\]]*\]"), "Word 书签标记"),
    (re.compile(r"\{#[^}]*\}|\[\]\{#[^}]*\}"), "锚点标记"),
    (re.compile(r"<br\s*/?>", re.I), None),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def to_int(text: str) -> int | None:
    """"12" / "１２" / "十二" / "两" / "11万4574" → int; None if not a number."""
    s = text.strip()
    if not s:
        return None
    if "万" in s:
        high, _, low = s.partition("万")
        h = to_int(high) if high else 1
        lo = to_int(low.lstrip("零〇")) if low.strip("零〇") else 0
        if h is None or lo is None:
            return None
        return h * 10000 + lo
    try:
        return parse_number(s)
    except ValueError:
        return None


def clean_line(raw: str) -> tuple[str, list[str]]:
    """A line without typing artefacts; the second value names what was removed."""
    removed: list[str] = []
    text = raw.replace("\ufeff", "")
    for pattern, label in _ARTEFACTS:
        if pattern.search(text):
            text = pattern.sub("", text)
            if label:
                removed.append(label)
    text = text.replace("「", "“").replace("」", "”").replace("『", "‘").replace("』", "’")
    text = _ascii_quotes(text)
    text = fullwidth(text).strip()  # a web copy's "," ":" "(" read as "，" "：" "（"; quotations as written
    # Markdown bold around a leading label: "**处理意见**：采纳" (masked names such as 朱** stay)
    text = re.sub(r"^\*\*([^*\n]{1,30})\*\*", r"\1", text)
    # spaces between Chinese characters are typing noise; keep them inside Latin text
    text = re.sub(r"(?<=[^\x00-\x7f])[ \t\u3000\u00a0]+(?=[^\x00-\x7f])", "", text)
    text = _SPACES.sub(" ", text)
    return text, removed


def _ascii_quotes(text: str) -> str:
    """Straight double quotes typed in Chinese text → “”, when they pair up."""
    if '"' not in text or not _CJK.search(text) or text.count('"') % 2:
        return text
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # index of “
    end: int  # index after ”
    inner: str  # as written (nested quotes as typed)

    @property
    def text(self) -> str:
        """The quoted text with nested single quotes turned back to double (the draft's form)."""
        return self.inner.replace("‘", "“").replace("’", "”")


_QUOTE_MARKS = re.compile("[“”]")


def quotes(text: str) -> list[Quote]:
    """Top-level “…” quotations, nesting-aware (“a“b”c” and “a‘b’c” both nest)."""
    found: list[Quote] = []
    depth, start = 0, -1
    for mark in _QUOTE_MARKS.finditer(text):  # only the marks: a long line is not walked character by character
        i, ch = mark.start(), mark.group()
        if ch == "“":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                found.append(Quote(start, i + 1, text[start + 1 : i]))
    if depth and start >= 0:  # an unclosed quotation: runs to the clause end
        m = re.compile(r"[，。；]").search(text, start + 1)
        end = m.start() if m else len(text)
        found.append(Quote(start, end, text[start + 1 : end].rstrip("“”‘’")))  # “建有1个以上“。: a mistyped close
    return found


def outside_quotes(text: str, qs: list[Quote] | None = None) -> str:
    """``text`` with quoted passages blanked (same length), for searching the narration only."""
    qs = quotes(text) if qs is None else qs
    if not qs:
        return text
    out: list[str] = []
    pos, n = 0, len(text)
    for q in sorted(qs, key=lambda q: q.start):  # slices, not a list of every character
        a, b = max(q.start, pos), min(q.end, n)
        if b <= a:
            continue
        out += (text[pos:a], "\u0000" * (b - a))
        pos = b
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Chunk:
    """Text joined from several report lines, with a map back to the line numbers."""

    text: str
    starts: tuple[int, ...]  # offset where each joined piece begins
    numbers: tuple[int, ...]  # its 1-based line number

    @staticmethod
    def of(pieces: list[tuple[int, str]], sep: str = "\n") -> Chunk:
        text, starts, numbers = "", [], []
        for n, piece in pieces:
            if text:
                text += sep
            starts.append(len(text))
            numbers.append(n)
            text += piece
        return Chunk(text, tuple(starts), tuple(numbers))

    def line_at(self, offset: int) -> int:
        if not self.numbers:
            return 0
        i = bisect_right(self.starts, offset) - 1
        return self.numbers[max(i, 0)]

    @property
    def first_line(self) -> int:
        return self.numbers[0] if self.numbers else 0


def strip_punct(text: str, chars: str = "，。；、：:,;. \n") -> str:
    return text.strip(chars)


def end_sentence(text: str) -> str:
    text = text.strip()
    return text


_SENTENCE_END = re.compile(r"[。；！？\n]")


def sentence_start(text: str, pos: int, floor: int = 0, blank: str | None = None) -> int:
    """Where the sentence holding ``pos`` begins (after the last 。；！？ outside quotes).

    ``blank`` is :func:`outside_quotes` of ``text`` when the caller has it already.
    """
    blank = outside_quotes(text) if blank is None else blank
    best = floor
    for m in _SENTENCE_END.finditer(blank, floor, pos):
        best = m.end()
    return best


_COMPLETE_NAME = re.compile(
    r"(?:局|委|办|院|所|厅|部|处|室|站|中心|公司|集团|政府|办公室|委员会|管委会|学校|大学|学院|医院|银行|街道|社区|协会|商会|联合会|"
    r"支队|大队|分局|海关|园区|工委|工会|团委|妇联|科协|侨联|残联|法院|检察院|领导|市长|县长|区长|书记|主任|网站|网|平台|公众号|号|"
    r"邮箱|邮件|留言|信箱|信函|来信|电话|热线|座谈会|论证会|听证会|会议|征集箱|意见箱|客户端|APP|专栏|栏目|报|征求意见|[*＊])$"
)


def split_list(text: str) -> list[str]:
    """"市财政局、市住房和城乡建设局以及市审计局" → the three names.

    A list is split at 、，, always; at 和 / 及 / 以及 / 与 only where the part
    before is a complete name ("市财政局和市审计局"), never inside a name
    ("市住房和城乡建设局", "人力资源和社会保障局", "市文化和旅游局").
    """
    out: list[str] = []
    for piece in re.split(r"[、，,]", text):
        parts = re.split(r"(以及|和|及|与)", piece)
        current = parts[0]
        for i in range(1, len(parts) - 1, 2):
            if _COMPLETE_NAME.search(current.strip()) and parts[i + 1].strip():
                out.append(current)
                current = parts[i + 1]
            else:
                current += parts[i] + parts[i + 1]
        out.append(current)
    return [p for p in (x.strip() for x in out) if p]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
