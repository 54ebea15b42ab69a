"""Punctuation by GB/T 15834—2011 (标点符号用法), as it applies to official documents.

Rules (each documented with examples in docs/checks.md):

- ``punct.halfwidth`` — half-width , : ; ? ! ( ) " in Chinese text (beside a
  汉字), where the full-width mark is required; "9:30", "1,000", URLs and
  Latin text are left alone;
- ``punct.pairs`` — unpaired or mis-nested quotes, brackets and 书名号
  (a title wrapped over two lines and a quotation running over several
  paragraphs are recognised);
- ``punct.ellipsis`` — "..." "。。。" or a single "…" for the 省略号 "……", and
  "……等" (an ellipsis with 等);
- ``punct.dash`` — "--", "－－", "———" or a spaced/stranded single "—" for the
  破折号 "——" (a single "—" between words is the 连接号 of "中国—东盟": fine);
- ``punct.range`` — a hyphen in a range of years or numbers ("2018-2020年" →
  "2018—2020年"; "3-5年" → "3—5年"; "10-20万元" → "10万～20万元"); phone numbers, dates and
  standard numbers are left alone;
- ``punct.doubled`` — doubled or stacked marks ("，，" "。，" "、；");
- ``punct.list-comma`` — a comma among items separated by 顿号: "尊重知识，尊重
  人才、鼓励创新" (parallel items), "从众创空间，孵化器、加速器到产业园区";
- ``punct.series`` — 顿号 between items each in 书名号 or quotes
  ("《A》、《B》" → "《A》《B》", GB/T 15834 4.5.3.5): info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from caina.core.checks.base import (
    HAN,
    CheckedDocument,
    CheckOptions,
    Finding,
    Paragraph,
    Severity,
    is_han,
    register_rule,
)
from caina.core.webtext import fullwidth

HALFWIDTH = register_rule("punct.halfwidth", Severity.ERROR, "中文中使用了半角标点")
PAIRS = register_rule("punct.pairs", Severity.WARNING, "引号、括号、书名号不成对或嵌套错误")
ELLIPSIS = register_rule("punct.ellipsis", Severity.WARNING, "省略号写法错误")
DASH = register_rule("punct.dash", Severity.WARNING, "破折号写法错误")
RANGE = register_rule("punct.range", Severity.WARNING, "年份、数值范围误用短横线")
DOUBLED = register_rule("punct.doubled", Severity.ERROR, "标点重复或叠用")
SERIES = register_rule("punct.series", Severity.INFO, "书名号、引号并列成分之间的顿号")
LIST_COMMA = register_rule("punct.list-comma", Severity.WARNING, "并列词语之间逗号与顿号混用")

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_NAMES = {",": "逗号", ":": "冒号", ";": "分号", "?": "问号", "!": "叹号", ".": "句号"}
_CJK_PUNCT = "，。、；：？！“”‘’《》（）〔〕【】…—"

# regions where half-width marks are right: URLs, e-mail addresses, times, code
# an e-mail address starts where a run of word characters starts (the look-behind): tried from every character
# of a long run of 汉字 (word characters too), the pattern took time growing with the square of the run
_SKIP = re.compile(r"https?://\S+|www\.[\w./-]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d{1,2}:\d{2}(?::\d{2})?")
_HALF = re.compile(r"[,:;?!.]")
_PAREN_PAIR = re.compile(r"\(([^()]*)\)")
_ASCII_QUOTES = re.compile(r'"([^"\n]{0,80})"')


#: a half-width mark this frequent, and at least as frequent as its full-width form, is a
#: conversion of the whole text (a web page, an export): one finding, not hundreds
SYSTEMATIC = 5


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    paras = doc.paragraphs
    if options.enabled(HALFWIDTH):
        yield from _halfwidth_all(doc)
    for para in paras:
        if options.enabled(ELLIPSIS):
            yield from _ellipsis(doc, para)
        if options.enabled(DASH):
            yield from _dash(doc, para)
        if options.enabled(RANGE):
            yield from _range(doc, para)
        if options.enabled(DOUBLED):
            yield from _doubled(doc, para)
        if options.enabled(SERIES):
            yield from _series(doc, para)
        if options.enabled(LIST_COMMA):
            yield from _list_comma(doc, para)
    if options.enabled(PAIRS):
        yield from _pairs(doc)


# ---------------------------------------------------------------- half-width marks


def _skipped(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SKIP.finditer(text)]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest non-space character from ``i`` in direction ``step`` ("" at the edge)."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \u3000":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese_side(ch: str) -> bool:
    return is_han(ch) or (ch != "" and ch in _CJK_PUNCT)


def _halfwidth_all(doc: CheckedDocument) -> Iterator[Finding]:
    found: dict[str, list[Finding]] = {}
    for para in doc.paragraphs:
        for mark, f in _halfwidth(doc, para):
            found.setdefault(mark, []).append(f)
    text = doc.text
    full_counts = {mark: text.count(_FULL.get(mark, "“")) for mark in found}
    # the whole text converted (a web page, an export): half-width marks at least SYSTEMATIC and
    # at least as many as the full-width ones; then every such mark is summed up in one note
    half, full = sum(len(v) for v in found.values()), sum(text.count(c) for c in "，：；（？！")
    converted = any(len(v) >= SYSTEMATIC and len(v) >= full_counts[k] for k, v in found.items()) or (
        half >= SYSTEMATIC and half >= full
    )
    summed = {k: v for k, v in found.items() if converted and len(v) >= full_counts[k]}
    if summed:
        first = min((v[0] for v in summed.values()), key=lambda f: (f.paragraph or 0, f.start or 0))
        listed = "、".join(f"“{k}”{len(v)}处" for k, v in sorted(summed.items(), key=lambda kv: -len(kv[1])))
        yield Finding(
            HALFWIDTH.id,
            # the whole file converted (a copy from a web page: one fix for all) is a note; one mark
            # typed half-width throughout (a typist's habit, the other marks full-width) is a slip
            Severity.INFO if half >= full else Severity.WARNING,
            f"全文中文里的标点为半角（{listed}），疑为格式转换所致；首处在第{first.line or first.paragraph}"
            f"{'行' if first.line else '段'}",
            first.excerpt,
            "统一替换为全角标点（，：；（）“”）",
            first.paragraph,
            first.line,
            first.locator,
            first.start,
            first.end,
        )
    for mark, items in found.items():
        if mark not in summed:
            yield from items


def _halfwidth(doc: CheckedDocument, para: Paragraph) -> Iterator[tuple[str, Finding]]:
    text = para.text
    if not any(c in text for c in ',:;?!.()"'):
        return
    skip = _skipped(text)
    done: set[int] = set()
    # parentheses: a pair around Chinese text is one finding
    for m in _PAREN_PAIR.finditer(text):
        inner = m.group(1)
        outside = _chinese_side(_neighbour(text, m.start(), -1)) or _chinese_side(_neighbour(text, m.end() - 1, 1))
        if any(is_han(c) for c in inner) or (outside and inner and not re.fullmatch(r"[\x20-\x7e]+", inner)):
            done.update((m.start(), m.end() - 1))
            yield "(", doc.finding(
                HALFWIDTH,
                para,
                m.start(),
                m.end(),
                "中文中的括号应为全角“（）”",
                suggestion=f"（{inner}）",
            )
        else:
            done.update((m.start(), m.end() - 1))  # "(GB/T 9704)", "(a)": Latin content, leave it
    for i, ch in enumerate(text):
        if ch in "()" and i not in done and not _inside(skip, i):
            if is_han(_neighbour(text, i, -1)) or is_han(_neighbour(text, i, 1)):
                yield "(", doc.finding(
                    HALFWIDTH, para, i, i + 1, f"中文中的括号应为全角“{_FULL[ch]}”", suggestion=_FULL[ch]
                )
    for m in _HALF.finditer(text):
        i, ch = m.start(), m.group()
        if _inside(skip, i):
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == ".":
            # a sentence end typed as "." after a 汉字; not "1." "3.5" "No." nor part of "..."
            if not is_han(before) or after == "." or (i > 0 and text[i - 1] == "."):
                continue
            if after and not (is_han(after) or after in "”’）"):
                continue
        else:
            if not (is_han(before) or is_han(after) or (before != "" and before in "”’）》")):
                continue
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                continue  # 1,000  a:b
            if ch == ":" and text[i + 1 : i + 3] == "//":
                continue
        name = _NAMES[ch]
        yield ch, doc.finding(
            HALFWIDTH,
            para,
            i,
            i + 1,
            f"中文中的{name}应为全角“{_FULL[ch]}”，这里是半角“{ch}”",
            suggestion=_FULL[ch],
            severity=Severity.WARNING if ch == "." else None,
        )
    for m in _ASCII_QUOTES.finditer(text):
        inner = m.group(1)
        if any(is_han(c) for c in inner) or is_han(_neighbour(text, m.start(), -1)):
            yield '"', doc.finding(
                HALFWIDTH,
                para,
                m.start(),
                m.end(),
                "中文中的引号应为全角“”",
                suggestion=f"“{inner}”",
                severity=Severity.WARNING,
            )


# ---------------------------------------------------------------- pairs

_OPEN = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "〔": "〕", "【": "】", "「": "」", "『": "』"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_MARK_NAMES = {
    "“": "双引号",
    "‘": "单引号",
    "《": "书名号",
    "〈": "单书名号",
    "（": "括号",
    "〔": "六角括号",
    "【": "方头括号",
    "「": "直角引号",
    "『": "直角引号",
}
# a list marker "1）" "a）" "①" opening a paragraph has no opening bracket
_ORDINAL_CLOSE = re.compile(r"^\s*(?:[0-9０-９]{1,3}|[a-zA-Z]|[一二三四五六七八九十]{1,3})）")


def _balance(text: str) -> tuple[list[int], list[int], list[int]]:
    """(unclosed opener positions, unmatched closer positions, nested-quote positions)."""
    stack: list[int] = []
    unmatched: list[int] = []
    nested: list[int] = []
    skip_first = _ORDINAL_CLOSE.match(text)
    first_close = skip_first.end() - 1 if skip_first else -1
    for i, ch in enumerate(text):
        if ch in _OPEN:
            even = text.count(ch) == text.count(_OPEN[ch])
            if ch in "“《" and even and any(text[j] == ch for j in stack):
                nested.append(i)  # “…“…”…” or 《…《…》…》: the inner pair should be ‘’ / 〈〉
            stack.append(i)
        elif ch in _CLOSE:
            if i == first_close:
                continue
            opener = _CLOSE[ch]
            if stack and text[stack[-1]] == opener:
                stack.pop()
                continue
            # an opener deeper in the stack: those above it are unclosed
            for k in range(len(stack) - 1, -1, -1):
                if text[stack[k]] == opener:
                    del stack[k]
                    break
            else:
                unmatched.append(i)
    return stack, unmatched, nested


def _truncated(paras: tuple[Paragraph, ...], k: int, i: int) -> bool:
    """An opening mark near the end of a text that stops mid-sentence: the text was cut, not mistyped."""
    if k != len(paras) - 1:
        return False
    text = paras[k].text.rstrip(" |\u3000")
    tail = text[i:]
    return bool(text) and text[-1] not in "。！？；：”’）》…" and len(tail) <= 40 and not re.search(r"[。！？；]", tail)


def _pairs(doc: CheckedDocument) -> Iterator[Finding]:
    paras = doc.paragraphs
    # a copy's half-width brackets count as brackets: "预案(修订征求意见稿》" opens one it never closes
    results = [_balance(fullwidth(p.text, keep_quoted=False)) for p in paras]
    cancelled: set[tuple[int, int]] = set()
    for k in range(len(paras) - 1):
        unclosed, _, _ = results[k]
        _, unmatched_next, _ = results[k + 1]
        here, nxt = paras[k].text, paras[k + 1].text
        # a title wrapped by hand: "《百色市…发展" / "三年行动…）》"
        if unclosed and unmatched_next and len(here) <= 60:
            if _OPEN[here[unclosed[-1]]] == nxt[unmatched_next[0]]:
                cancelled.add((k, unclosed[-1]))
                cancelled.add((k + 1, unmatched_next[0]))
        # a quotation over several paragraphs: each opens with “, only the last closes
        if unclosed and here[unclosed[0]] == "“" and unclosed[0] == 0 and nxt.startswith("“"):
            cancelled.add((k, 0))
    for k, (para, (unclosed, unmatched, nested)) in enumerate(zip(paras, results, strict=True)):
        text = para.text
        shown = fullwidth(text, keep_quoted=False)
        for i in sorted(unclosed, reverse=True):
            if (k, i) in cancelled or _truncated(paras, k, i):
                continue
            ch = shown[i]
            earlier = [j for j in unclosed if j < i and text[j] == ch and (k, j) not in cancelled]
            if ch in "“‘" and earlier and (i + 1 == len(text) or text[i + 1] in "，。；：！？、）)"):
                # “建有1个以上“。 — one slip, not two: the closing mark typed as an opening one
                cancelled.add((k, earlier[-1]))
                closer = "”" if ch == "“" else "’"
                yield doc.finding(
                    PAIRS, para, i, i + 1, f"后{_MARK_NAMES[ch]}误打成了“{ch}”", suggestion=closer
                )
                continue
            yield doc.finding(
                PAIRS,
                para,
                i,
                i + 1,
                f"{_MARK_NAMES[ch]}“{ch}”没有对应的“{_OPEN[ch]}”",
                suggestion=f"补上“{_OPEN[ch]}”或删去多余的“{ch}”",
            )
        for i in unmatched:
            if (k, i) in cancelled:
                continue
            ch = shown[i]
            opener = _CLOSE[ch]
            hint = "（引号方向可能打反了）" if ch in "”’" and text.count(opener) < text.count(ch) else ""
            yield doc.finding(
                PAIRS,
                para,
                i,
                i + 1,
                f"{_MARK_NAMES[opener]}“{ch}”前面没有对应的“{opener}”{hint}",
                suggestion=f"补上“{opener}”或删去多余的“{ch}”",
            )
        for i in nested:
            ch = shown[i]
            inner = "‘’" if ch == "“" else "〈〉"
            yield doc.finding(
                PAIRS,
                para,
                i,
                i + 1,
                f"{_MARK_NAMES[ch]}里面再用{_MARK_NAMES[ch]}时，里层应改用{inner}（GB/T 15834）",
                suggestion=f"里层改为{inner}",
            )


# ---------------------------------------------------------------- ellipsis, dash, range, doubled, series

_BAD_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|．{3,}|·{3,}|(?<!…)…(?!…)|…{3,}")
_ELLIPSIS_DENG = re.compile(r"……(等等|等)")


def _ellipsis(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    if not any(c in text for c in ".。．·…"):
        return
    for m in _BAD_ELLIPSIS.finditer(text):
        s = m.group()
        if s.startswith(".") and not (
            _chinese_side(_neighbour(text, m.start(), -1)) or _chinese_side(_neighbour(text, m.end() - 1, 1))
        ):
            continue  # "..." in Latin text
        yield doc.finding(
            ELLIPSIS, para, m.start(), m.end(), f"省略号应为“……”（两个“…”），这里写成了“{s}”", suggestion="……"
        )
    for m in _ELLIPSIS_DENG.finditer(text):
        yield doc.finding(
            ELLIPSIS,
            para,
            m.start(),
            m.end(),
            f"省略号不与“{m.group(1)}”同用（GB/T 15834 4.11.3.5）",
            suggestion="删去“……”或“等”",
        )


_BAD_DASH = re.compile(
    rf"(?<=[{HAN}”）》\s])(?:-{{2,}}|－{{2,}}|—{{3}}(?!—)|—\s+—)(?=[{HAN}“（《\s])"
    r"|(?<=[，。；：、！？])—(?!—)|(?<!—)—(?=[，。；：、！？])"
    rf"|(?<=[{HAN}])\s+—\s+(?=[{HAN}])"
)


def _dash(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    if not any(c in text for c in "-－—"):
        return
    for m in _BAD_DASH.finditer(text):
        s = m.group()
        yield doc.finding(
            DASH,
            para,
            m.start(),
            m.end(),
            f"破折号应为“——”（占两个字的位置），这里写成了“{s.strip() or s}”",
            suggestion="——",
        )


_YEAR_RANGE = re.compile(r"(?<![A-Za-z0-9_\-./:])((?:19|20)\d{2})(年?)\s*[-－–]\s*((?:19|20)\d{2})(?=年)")
_NUMBER_RANGE = re.compile(
    r"(?<![A-Za-z0-9_\-./:－])(\d+(?:\.\d+)?)\s*[-－–]\s*(\d+(?:\.\d+)?)"
    r"(?=\s*(?:%|％|[万亿千百]?(?:元|美元|个|项|家|人|名|户|所|件|条|处|次|倍|亩|公顷|平方米|立方米|米|千米|公里|吨|千克|公斤"
    r"|年|天|日|周|月|小时|分钟|岁|辆|套|台|张|篇|本|期|批|位|座|栋|间)))"
)


def _range(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    if not any(c in text for c in "-－–"):
        return
    seen: set[int] = set()
    for m in _YEAR_RANGE.finditer(text):
        a, nian, b = m.group(1), m.group(2), m.group(3)
        if int(a) >= int(b):
            continue
        seen.add(m.start())
        right = f"{a}{nian}—{b}"
        yield doc.finding(
            RANGE,
            para,
            m.start(),
            m.end(),
            f"年份起止应用一字线“—”：“{m.group()}年”应为“{right}年”（GB/T 15834 4.13.3.2）",
            suggestion=f"{right}年",
        )
    for m in _NUMBER_RANGE.finditer(text):
        if m.start() in seen:
            continue
        a, b = m.group(1), m.group(2)
        if float(a) >= float(b):
            continue
        unit = text[m.end() : m.end() + 1]
        if unit in ("%", "％", "万", "亿"):  # GB/T 15835 4.1.7: the first number keeps its 万/亿/%
            right = f"{a}{unit}～{b}"
            how = f"“{right}{unit}”（GB/T 15834 4.13.3；GB/T 15835 4.1.7：前一个数的“{unit}”不省略）"
        else:
            right = f"{a}—{b}"
            how = f"“{a}—{b}”或“{a}～{b}”（GB/T 15834 4.13.3）"
        yield doc.finding(RANGE, para, m.start(), m.end(), f"数值起止不用短横线：“{m.group()}”应为{how}", suggestion=right)


_DOUBLED = re.compile(r"，，|、、|；；|：：|(?<!。)。。(?!。)|[，、；：][，。、；：]|。[，、；：]")


def _doubled(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    for m in _DOUBLED.finditer(text):
        s = m.group()
        keep = s[-1] if s[0] in "，、；：" and s[-1] == "。" else s[0]
        yield doc.finding(
            DOUBLED, para, m.start(), m.end(), f"标点重复或叠用：“{s}”", suggestion=f"只保留一个“{keep}”"
        )


_SERIES = re.compile(r"》、《|”、“")


def _series(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    for m in _SERIES.finditer(para.text):
        s = m.group()
        what = "书名号" if s[0] == "》" else "引号"
        yield doc.finding(
            SERIES,
            para,
            m.start(),
            m.end(),
            f"标有{what}的并列成分之间通常不用顿号（GB/T 15834 4.5.3.5）",
            suggestion=s.replace("、", ""),
        )


_PARALLEL = re.compile(rf"(?<=[{HAN}])，([{HAN}]{{2,6}})、([{HAN}]{{2,6}})(?=[、，。；的和与及])")
_FROM_TO = re.compile(rf"从[{HAN}“”《》]{{1,12}}(，)[{HAN}“”《》]{{1,12}}、[{HAN}“”《》、]{{1,30}}到")


def _list_comma(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    if "，" not in text or "、" not in text:
        return
    done: set[int] = set()
    for m in _PARALLEL.finditer(text):
        first, second = m.group(1), m.group(2)
        n = len(first)
        before = text[max(0, m.start() - n) : m.start()]
        if len(second) != n or len(before) != n or not all(is_han(c) for c in before):
            continue
        if before[:2] != first[:2] and before[-2:] != first[-2:]:
            continue  # "加强组织领导，市科知局、发改委……" starts a list after a clause: right
        done.add(m.start())
        yield doc.finding(
            LIST_COMMA,
            para,
            m.start(),
            m.start() + 1,
            f"并列词语“{before}”“{first}”“{second}”之间应统一用顿号，这里混用了逗号",
            suggestion="、",
            excerpt=text[max(0, m.start() - n - 2) : m.end() + 1],
        )
    for m in _FROM_TO.finditer(text):
        i = m.start(1)
        if i in done:
            continue
        yield doc.finding(
            LIST_COMMA,
            para,
            i,
            i + 1,
            "“从……到……”之间的并列词语应用顿号隔开，这里用了逗号",
            suggestion="、",
            excerpt=m.group(),
        )
