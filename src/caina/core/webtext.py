"""Text copied from web pages and mirrors: what the page added, and what the copy changed.

Pure functions, used by the report parser (:mod:`caina.core.report_parse`) and the
checker (:mod:`caina.core.checks`):

- :func:`is_chrome` — a line that belongs to the page, not to the document
  ("当前位置：首页 > 政务公开", "发布时间：2023-07-10 15:17 来源：……", "【打印本页】【关闭窗口】",
  "扫一扫在手机打开当前页", "Copyright © …");
- :func:`drop_pinyin` — a mirror's pinyin gloss after a character ("國(guó)土");
- :func:`fullwidth` — the half-width ， ： ； （ ） ！ ？ a copy leaves in Chinese text, read as
  the full-width marks; same length, so offsets and columns stay valid; quotations “…” and
  titles 《…》 keep their characters;
- :func:`split_run_on` — paragraphs a copy ran together with spaces ("……如下： 一、……").

Each is linear in the length of its input.
"""

from __future__ import annotations

import re

__all__ = ["is_chrome", "drop_pinyin", "fullwidth", "split_run_on", "strip_page", "page_notes", "HALF_TO_FULL", "is_cjk"]

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK_PUNCT = "，。、；：？！“”‘’《》（）〔〕【】…—"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and (bool(_HAN.match(ch)) or ch in _CJK_PUNCT)


# ---------------------------------------------------------------- page chrome

_CHROME = re.compile(
    r"无障碍(?:浏览|阅读|模式|服务|版)|^无障碍$|当前位置\s*[:：]|您(?:现在)?的位置\s*[:：]|首页\s*[>＞»›]"
    r"|打印本页|打印此页|关闭窗口|关闭本页|【\s*(?:打印|关闭|大|中|小|默认)\s*】|字[体号]\s*[:：]?\s*【|【\s*字[体号]"
    r"|分享到\s*[:：]?|扫一扫在手机|手机扫码|在手机(?:上)?打开|上一篇\s*[:：]|下一篇\s*[:：]|^上篇\s*[:：]?|^下篇\s*[:：]?"
    r"|Copyright|版权所有|备案号|ICP备|网站标识码|网站地图|联系我们|出版物号|旧版入口|视力保护色|信息明细属性"
    r"|阅读次数|浏览次数|访问次数|访问量\s*[:：]|点击数\s*[:：]|收藏本页|加入收藏|返回顶部|【\s*发布时间"
)
# a line of page fields: "来源：区应急局 发布时间：2023年11月14日", "时间:2023-12-14 07:17来源:市政府办公室作者: 点击:"
_FIELDS = re.compile(
    r"^(?:信息)?来源\s*[:：]|^(?:发布|发表|更新)(?:时间|日期)\s*[:：]|^(?:责任)?编辑\s*[:：]|^作者\s*[:：]"
    r"|^(?:时间|日期)\s*[:：][^。]*?(?:\d{1,2}:\d{2}|来源|作者|点击|浏览|编辑)"
)


def is_chrome(line: str) -> bool:
    """Whether a line is the web page's own text (navigation, page fields, sharing, copyright)."""
    s = line.strip().strip("|").strip()
    if not s or len(s) > 160:
        return False
    if "。" in s and not re.search(r"Copyright|版权所有|备案号", s):
        return False
    return bool(_CHROME.search(s) or _FIELDS.search(s))


# ---------------------------------------------------------------- pinyin glosses

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[(（]([a-zü{_TONED}]{{1,7}})[)）]")


def drop_pinyin(text: str) -> tuple[str, int]:
    """(text without pinyin glossed after characters — "國(guó)" → "國" —, how many were dropped).

    Only a toned syllable (or one with ü) counts: "(a)" and "(GB/T 9704)" stay.
    """
    if "(" not in text and "（" not in text:
        return text, 0
    count = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal count
        if any(c in _TONED or c == "ü" for c in m.group(1)):
            count += 1
            return ""
        return m.group(0)

    return _PINYIN.sub(sub, text), count


def strip_page(lines: list[str]) -> tuple[list[str], list[int], int]:
    """(lines with the page's own lines blanked and pinyin glosses dropped, the blanked line numbers, glosses).

    As many lines as given, so that line numbers stay those of the file.
    """
    out = list(lines)
    chrome: list[int] = []
    glosses = 0
    for i, line in enumerate(lines):
        if is_chrome(line):
            chrome.append(i + 1)
            out[i] = ""
            continue
        out[i], k = drop_pinyin(line)
        glosses += k
    return out, chrome, glosses


def page_notes(chrome: list[int], glosses: int) -> list[str]:
    """What :func:`strip_page` did, in words for the user."""
    notes = []
    if chrome:
        shown = "、".join(str(n) for n in chrome[:8]) + ("等" if len(chrome) > 8 else "")
        notes.append(f"第{shown}行是网页上的栏目文字（位置导航、发布时间、打印、版权等），不是正文，已略去")
    if glosses:
        notes.append(f"删去了{glosses}处汉字后括注的拼音（网页转载所致，如“国(guó)”）")
    return notes


# ---------------------------------------------------------------- half-width punctuation


def _protected(text: str) -> list[bool]:
    """Characters inside “…” or 《…》 (kept as written)."""
    out = [False] * len(text)
    quote = book = 0
    for i, ch in enumerate(text):
        if ch == "“":
            quote += 1
        elif ch == "”" and quote:
            quote -= 1
        elif ch == "《":
            book += 1
        elif ch == "》" and book:
            book -= 1
        elif quote or book:
            out[i] = True
    return out


def _near(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \u3000\u00a0":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def fullwidth(text: str, *, keep_quoted: bool = True) -> str:
    """Half-width ，：；（）！？ in Chinese text as full-width; same length; quotations and titles as written.

    "2021年11月4日,珠海市财政局" → "2021年11月4日，珠海市财政局"; "9:30" "1,000" "http://" "(GB/T 9704)" stay.
    ``keep_quoted=False`` converts inside “…” and 《…》 too (for checking that brackets pair up).
    """
    if not any(c in text for c in HALF_TO_FULL):
        return text
    keep = _protected(text) if keep_quoted else [False] * len(text)
    chars = list(text)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if keep[i]:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            elif is_cjk(_near(text, i, -1)) or is_cjk(_near(text, i, 1)):
                chars[i] = "）"
    for i in stack:  # never closed
        if is_cjk(_near(text, i, -1)) or is_cjk(_near(text, i, 1)):
            chars[i] = "（"
    for a, b in pairs:
        inner = text[a + 1 : b]
        if _HAN.search(inner) or (is_cjk(_near(text, a, -1)) and not re.fullmatch(r"[\x20-\x7e]*", inner)):
            chars[a], chars[b] = "（", "）"
    for i, ch in enumerate(text):
        if keep[i] or ch not in ",:;?!":
            continue
        before, after = _near(text, i, -1), _near(text, i, 1)
        if ch in "?!":
            if is_cjk(before):
                chars[i] = HALF_TO_FULL[ch]
            continue
        if not (is_cjk(before) or is_cjk(after)):
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue  # 1,000  17:35  a:b
        if ch == ":" and text[i + 1 : i + 3] == "//":
            continue
        chars[i] = HALF_TO_FULL[ch]
    return "".join(chars)


# ---------------------------------------------------------------- paragraphs run together

_SECTION = r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
_RUN_ON = re.compile(rf"(?<=[。：:；;！!？?])[ \u3000\u00a0]+(?={_SECTION}\S)")
_HEAD_THEN_TEXT = re.compile(rf"^({_SECTION}[^\s。，,；;：:“”]{{2,24}}?)[ \u3000\u00a0]+(?=\S)")


def split_run_on(line: str) -> list[str]:
    """A line a web copy made of several paragraphs, split where a section heading begins.

    "……现将反馈情况说明如下： 一、征询委办局意见反馈 2023年10月11日……" →
    ["……现将反馈情况说明如下：", "一、征询委办局意见反馈", "2023年10月11日……"].
    Headings inside ordinary text (no space before them) are left alone.
    """
    if " " not in line and "\u3000" not in line and "\u00a0" not in line:
        return [line]
    pieces: list[str] = []
    start = 0
    for m in _RUN_ON.finditer(line):
        pieces.append(line[start : m.start()])
        start = m.end()
    pieces.append(line[start:])
    out: list[str] = []
    for p in pieces:
        head = _HEAD_THEN_TEXT.match(p)
        if head and len(p) - head.end() >= 8:
            out += [head.group(1), p[head.end() :]]
        else:
            out.append(p)
    return [p for p in out if p.strip()] or [line]
