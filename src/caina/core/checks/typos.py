"""Typos: idioms and set phrases typed with a wrong character, and common official-document confusions.

Four rules, from the most to the least certain:

- ``typo.idiom`` — a curated wrong form of an idiom or set phrase
  ("逐字逐局" → "逐字逐句"): error;
- ``typo.word`` — a curated near-homophone slip in a word ("布署" → "部署"):
  warning;
- ``typo.usage`` — official-document confusions that depend on what follows
  (截止/截至, 做出/作出, 其它/其他, 给于/给予, 帐/账): warning;
- ``typo.homophone`` — a four-character window that differs from a known
  idiom or set phrase (jieba's idioms and :mod:`.data.phrases`) in exactly one
  character of the same or nearly the same pronunciation, where the window is
  not itself a word and does not straddle a word boundary: warning.

jieba (≈0.7 s to load) and pypinyin are imported lazily, only when a
candidate needs them; the idiom index is built once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from types import ModuleType

import ahocorasick

from caina.core.checks.base import (
    HAN,
    CheckedDocument,
    CheckOptions,
    Finding,
    Severity,
    excerpt_of,
    in_spans,
    old_text_spans,
    register_rule,
)
from caina.core.checks.data.confusions import CONTEXT_SLIPS, IDIOM_SLIPS, NOT_AFTER, NOT_BEFORE, WORD_SLIPS
from caina.core.checks.data.pairs import PAIRS
from caina.core.checks.data.phrases import PHRASES

IDIOM = register_rule("typo.idiom", Severity.ERROR, "成语、固定短语错字")
PAIR = register_rule("typo.pair", Severity.WARNING, "常见混用词语（按上下文）")
DOUBLED = register_rule("typo.doubled", Severity.WARNING, "词语误重复")
WORD = register_rule("typo.word", Severity.WARNING, "常见别字")
USAGE = register_rule("typo.usage", Severity.WARNING, "公文常见混用（截至/截止、作出/做出、其他/其它……）")
HOMOPHONE = register_rule("typo.homophone", Severity.WARNING, "成语、固定短语中的同音或近音错字")

#: least jieba frequency of an idiom the homophone detector compares against:
#: rare, archaic idioms collide by chance with ordinary text
MIN_IDIOM_FREQ = 20


# ---------------------------------------------------------------- lazy resources


def jieba_module() -> ModuleType:
    """jieba, quiet and initialised (once)."""
    import logging
    from importlib import import_module

    jieba = import_module("jieba")
    jieba.setLogLevel(60)
    logging.getLogger("jieba").setLevel(60)
    if not jieba.dt.initialized:
        jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def _curated() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for wrong, right in IDIOM_SLIPS.items():
        auto.add_word(wrong, ("idiom", wrong, right, ""))
    for wrong, right, note in WORD_SLIPS:
        auto.add_word(wrong, ("word", wrong, right, note))
    auto.make_automaton()
    return auto


_CONTEXT = tuple((re.compile(p), s, n, Severity(sev)) for p, s, n, sev in CONTEXT_SLIPS)


_DICT_LINE = re.compile(r"^(\S{4}) (\d+) ([a-z]+)\r?$", re.M)


def _jieba_dict_text() -> str:
    """jieba's dictionary, read without importing jieba (which costs more than the reading)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location) / "dict.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    import jieba  # an unusual install: ask jieba itself

    with jieba.get_dict_file() as f:
        data = f.read()
    return data.decode("utf-8") if isinstance(data, bytes) else data


@lru_cache(maxsize=1)
def _idioms() -> tuple[dict[str, str], frozenset[str]]:
    """(wildcard index → idiom, every 4-character word of jieba's dictionary).

    The index maps "逐字逐?" (one character replaced by "?") to "逐字逐句".
    """
    words: set[str] = set()
    idioms: set[str] = set(PHRASES)
    for m in _DICT_LINE.finditer(_jieba_dict_text()):
        word = m.group(1)
        words.add(word)
        if m.group(3) in ("i", "l") and int(m.group(2)) >= MIN_IDIOM_FREQ:
            idioms.add(word)
    index: dict[str, str] = {}
    for w in sorted(idioms):
        for i in range(4):
            index.setdefault(w[:i] + "?" + w[i + 1 :], w)
    return index, frozenset(words | idioms)


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[0] if ch else ())


_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def _fuzzy(p: str) -> str:
    for a, b in _INITIALS:
        if p.startswith(a):
            p = b + p[len(a) :]
            break
    if p.startswith("n"):
        p = "l" + p[1:]
    for a, b in _FINALS:
        if p.endswith(a):
            return p[: -len(a)] + b
    return p


def sound_alike(a: str, b: str) -> str:
    """"same" (same syllable, any tone), "near" (z/zh, n/l, an/ang … alike) or ""."""
    ra, rb = _readings(a), _readings(b)
    if not ra or not rb:
        return ""
    if ra & rb:
        return "same"
    if {_fuzzy(x) for x in ra} & {_fuzzy(y) for y in rb}:
        return "near"
    return ""


# ---------------------------------------------------------------- the check

_HAN_RUN = re.compile(f"[{HAN}]{{4,}}")


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    taken: dict[int, list[tuple[int, int]]] = {}
    if options.enabled(IDIOM) or options.enabled(WORD):
        for f in _curated_findings(doc, options):
            taken.setdefault(f.paragraph or 0, []).append((f.start or 0, f.end or 0))
            yield f
    if options.enabled(USAGE):
        yield from _usage_findings(doc)
    if options.enabled(PAIR):
        yield from _pair_findings(doc)
    if options.enabled(DOUBLED):
        yield from _doubled_findings(doc)
    if options.enabled(HOMOPHONE):
        yield from _homophone_findings(doc, taken)


def _curated_findings(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    auto = _curated()
    for para in doc.paragraphs:
        text = para.text
        for end, (kind, wrong, right, note) in auto.iter_long(text):
            start = end - len(wrong) + 1
            if start > 0 and text[start - 1] in NOT_AFTER.get(wrong, ""):
                continue
            if end + 1 < len(text) and text[end + 1] in NOT_BEFORE.get(wrong, ""):
                continue
            rule = IDIOM if kind == "idiom" else WORD
            if not options.enabled(rule):
                continue
            what = "成语/固定短语" if kind == "idiom" else "用字"
            message = f"{what}错字：“{wrong}”应为“{right}”" + (f"。{note}" if note else "")
            yield doc.finding(rule, para, start, end + 1, message, suggestion=right)


def _usage_findings(doc: CheckedDocument) -> Iterator[Finding]:
    for para in doc.paragraphs:
        for pattern, right, note, severity in _CONTEXT:
            for m in pattern.finditer(para.text):
                g = next((i for i in range(1, (pattern.groups or 0) + 1) if m.group(i) is not None), 0)
                start, end = m.span(g)
                wrong = m.group(g)
                yield doc.finding(
                    USAGE, para, start, end, f"“{wrong}”宜作“{right}”：{note}", suggestion=right, severity=severity
                )


def _homophone_findings(doc: CheckedDocument, taken: dict[int, list[tuple[int, int]]]) -> Iterator[Finding]:
    index, words = _idioms()
    for para in doc.paragraphs:
        text = para.text
        spans = taken.get(para.index, [])
        for run in _HAN_RUN.finditer(text):
            s, base = run.group(), run.start()
            for p in range(len(s) - 3):
                w = s[p : p + 4]
                if w in words:
                    continue
                for i in range(4):
                    idiom = index.get(w[:i] + "?" + w[i + 1 :])
                    if idiom is None or idiom[i] == w[i]:
                        continue
                    start = base + p
                    if any(a < start + 4 and start < b for a, b in spans):
                        continue
                    alike = sound_alike(w[i], idiom[i])
                    if not alike or not _stands_alone(text, start, start + 4):
                        continue
                    spans.append((start, start + 4))
                    how = "同音" if alike == "same" else "音近"
                    yield doc.finding(
                        HOMOPHONE,
                        para,
                        start,
                        start + 4,
                        f"“{w}”疑为“{idiom}”之误（“{w[i]}”与“{idiom[i]}”{how}）",
                        suggestion=idiom,
                    )
                    break


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a unit of its sentence: no dictionary word crosses its edges.

    "逐字逐局进行" segments as 逐字/逐/局/进行: the window stands alone. In
    "市政府工作部署" a window "政府工作" does not straddle words either, but
    it is a word; windows inside longer words ("…高质量发展…") straddle.
    """
    jieba = jieba_module()
    a = max(0, start - 8)
    b = min(len(text), end + 8)
    pos = a
    for token in jieba.lcut(text[a:b], HMM=False):
        t_start, t_end = pos, pos + len(token)
        pos = t_end
        if len(token) < 2:
            continue
        if t_start < start < t_end or t_start < end < t_end:
            return False
    return True


# ---------------------------------------------------------------- confused pairs, by context

_PAIRS = tuple((re.compile(p.pattern), p) for p in PAIRS)


def _pair_findings(doc: CheckedDocument) -> Iterator[Finding]:
    for para in doc.paragraphs:
        old = old_text_spans(para.text) if doc.kind == "report" else []
        for pattern, pair in _PAIRS:
            for m in pattern.finditer(para.text):
                g = 1 if (pattern.groups or 0) >= 1 and m.group(1) is not None else 0
                start, end = m.span(g)
                if in_spans(old, start, end):
                    continue  # the report quotes the slip it corrects
                wrong = m.group(g)
                yield doc.finding(
                    PAIR, para, start, end, f"“{wrong}”宜作“{pair.right}”：{pair.note}", suggestion=pair.right
                )


# ---------------------------------------------------------------- a word or phrase typed twice

#: one-character words whose doubling is always a slip ("的的" "在在"); other single characters
#: double in right text ("天天" "人人" "常常", or across words: "学习习近平")
_FUNCTION = frozenset("的了在和与及是对为将把被从按向由其并或也都就要应已于以之所")
#: verbs whose ABAB form is the language, not a slip ("研究研究")
_ABAB = frozenset("研究 讨论 商量 学习 考虑 了解 检查 交流 沟通 整理 休息 锻炼 打听 收拾 比较 调查".split())
_REPEAT = re.compile(rf"([{HAN}]{{1,12}})\1")


def _doubled_findings(doc: CheckedDocument) -> Iterator[Finding]:
    for para in doc.paragraphs:
        text = para.text
        old = old_text_spans(text) if doc.kind == "report" else []
        for m in _REPEAT.finditer(text):
            word = m.group(1)
            second = m.start() + len(word)
            if in_spans(old, m.start(), m.end()) or not _typed_twice(text, m.start(), word):
                continue
            yield doc.finding(
                DOUBLED,
                para,
                second,
                m.end(),
                f"“{word}”重复了一次",
                suggestion=f"删去重复的“{word}”",
                excerpt=excerpt_of(text, m.start(), m.end()),
            )


def _typed_twice(text: str, start: int, word: str) -> bool:
    """Whether ``word`` written twice from ``start`` is a slip, by jieba's segmentation around it.

    Both copies end on word boundaries ("长效机制机制": …机制|机制), the doubled form is
    not itself a word ("天天" "常常" "谢谢"), the word is not a verb's ABAB form
    ("研究研究"), and a one-character word doubles only when it is a function word
    ("的的" "要要"; not "学习习近平", where the two 习 belong to two words).
    """
    n = len(word)
    if (n == 1 and word not in _FUNCTION) or word in _ABAB:
        return False
    if n == 2 and word[0] == "一":
        return False  # "一项一项抓细抓实" "一步一步": one by one, the language
    jieba = jieba_module()
    a = max(0, start - 8)
    b = min(len(text), start + 2 * n + 8)
    bounds = {a}
    spans = set()
    pos = a
    for token in jieba.lcut(text[a:b], HMM=False):
        spans.add((pos, pos + len(token)))
        pos += len(token)
        bounds.add(pos)
    if (start, start + 2 * n) in spans:
        return False  # the doubled form is a word
    if n == 1 and start not in bounds:
        return False  # "达到目的的手段" "合同标的的": the first 的 ends a word
    return start + n in bounds and start + 2 * n in bounds


def is_han_text(token: str) -> bool:
    return bool(token) and all("\u3400" <= ch <= "\u9fff" for ch in token)
