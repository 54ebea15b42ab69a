"""Artifacts: what a word processor or a conversion left in the text.

- ``artifact.field`` — leaked bookmarks and fields: "[bookmark: _GoBack]",
  "{ PAGE }", "MERGEFIELD", "HYPERLINK \\"…\\"", "_Toc123", "错误！未找到引用源。";
- ``artifact.revision`` — tracked-change residue: "[deleted: …]", "已删除:",
  "带格式的:", "批注 [A1]:", and, for a .docx, revisions not yet accepted or
  comments left in the file (reported by the reader in ``meta``);
- ``artifact.space`` — a stray space between two 汉字 inside a sentence, and
  invisible characters (zero-width space, BOM) in the middle of the text;
- ``artifact.width`` — full-width digits or Latin letters ("２０１９" → "2019",
  GB/T 15835).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from caina.core.checks.base import HAN, CheckedDocument, CheckOptions, Finding, Paragraph, Severity, register_rule

FIELD = register_rule("artifact.field", Severity.ERROR, "文字中残留书签、域代码")
REVISION = register_rule("artifact.revision", Severity.ERROR, "残留修订、批注痕迹")
SPACE = register_rule("artifact.space", Severity.WARNING, "汉字之间多余的空格或不可见字符")
WIDTH = register_rule("artifact.width", Severity.WARNING, "全角数字、字母")

_FIELD = re.compile(
    r"\[(?:bookmark|书签)\s*[:：][^\]\n]{0,80}\]"
    r"|\{\s*(?:PAGE|NUMPAGES|MERGEFIELD|HYPERLINK|REF|TOC|SEQ|DATE|TIME|FORMTEXT|PAGEREF)\b[^}\n]{0,120}\}"
    r"|\b(?:MERGEFIELD|PAGEREF|FORMTEXT|HYPERLINK\s+\"[^\"\n]*\")"
    r"|\b_(?:GoBack|Toc\d{3,}|Ref\d{3,}|Hlk\d{3,})\b"
    r"|错误！未找到引用源。?|错误!未找到引用源。?|Error! (?:Reference source not found|Bookmark not defined)\.?"
)
_REVISION = re.compile(
    r"\[(?:deleted|inserted|deletion|insertion|comment|批注|删除|插入)\s*[:：][^\]\n]{0,200}\]"
    r"|(?:^|(?<=\s))(?:已删除|已插入|删除的内容|带格式的|已移动\(插入\)|已移动\(删除\)"
    r"|Deleted|Inserted|Formatted|Moved \(insertion\)|Moved \(deletion\))\s*[:：]"
    r"|批注\s*\[[A-Za-z\u4e00-\u9fff]{1,6}\d{1,4}\]\s*[:：]?"
)
_SPACE = re.compile(rf"(?<=[{HAN}，。；：、])[ \u3000\u00a0]+(?=[{HAN}])|(?<=[{HAN}])[ \u3000\u00a0]+(?=[，。；：、！？])")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+(?:[．.][０-９]+)?")
_TO_HALF = str.maketrans(
    "０１２３４５６７８９．"
    + "".join(chr(c) for c in range(ord("Ａ"), ord("Ｚ") + 1))
    + "".join(chr(c) for c in range(ord("ａ"), ord("ｚ") + 1)),
    "0123456789." + "".join(chr(c) for c in range(ord("A"), ord("Z") + 1)) + "".join(chr(c) for c in range(ord("a"), ord("z") + 1)),
)
_SENTENCE = re.compile(r"[，。；]")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+[编章节条]")
_ARTICLE_END = re.compile(r"第[一二三四五六七八九十百零〇0-9]+[编章节条]$")
# "第三章　审议决定": a chapter's name between its number and the first article
_CHAPTER_TITLE = re.compile(r"第[一二三四五六七八九十百零〇0-9]+[编章节][ \u3000\u00a0]+[^，。；：\s]{1,16}$")
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{1,6}[：:]")
_BYLINE = re.compile(r"(?:记者|通讯员|特约记者|见习记者|作者|摄影|摄|编辑|责编|审核|校对)$")
#: paragraphs this short are headings, signatures, table cells: spacing there is layout ("目  录")
_SHORT = 16


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    if options.enabled(REVISION):
        yield from _meta(doc)
    for para in doc.paragraphs:
        text = para.text
        if options.enabled(FIELD):
            for m in _FIELD.finditer(text):
                yield doc.finding(
                    FIELD,
                    para,
                    m.start(),
                    m.end(),
                    f"文字中残留了 Word 书签或域代码“{m.group()}”",
                    suggestion="删去",
                )
        if options.enabled(REVISION):
            for m in _REVISION.finditer(text):
                yield doc.finding(
                    REVISION,
                    para,
                    m.start(),
                    m.end(),
                    f"文字中残留了修订或批注标记“{m.group().strip()}”",
                    suggestion="接受或拒绝修订、删除批注后再导出",
                )
        if options.enabled(SPACE):
            yield from _spaces(doc, para)
        if options.enabled(WIDTH):
            for m in _FULLWIDTH.finditer(text):
                s = m.group()
                half = s.translate(_TO_HALF)
                yield doc.finding(
                    WIDTH,
                    para,
                    m.start(),
                    m.end(),
                    f"全角数字或字母“{s}”应为半角“{half}”（GB/T 15835）",
                    suggestion=half,
                )


def _meta(doc: CheckedDocument) -> Iterator[Finding]:
    revisions = int(doc.meta.get("revisions", 0) or 0)
    comments = int(doc.meta.get("comments", 0) or 0)
    if revisions:
        yield doc.finding(
            REVISION,
            None,
            0,
            0,
            f"文档中有{revisions}处未接受的修订（插入或删除）",
            suggestion="在 Word 中“审阅→接受所有修订”（或逐条处理）后再定稿",
        )
    if comments:
        yield doc.finding(
            REVISION,
            None,
            0,
            0,
            f"文档中留有{comments}条批注",
            suggestion="处理并删除批注后再定稿",
            severity=Severity.WARNING,
        )


def _separator(text: str, start: int, end: int) -> bool:
    """A space that is layout, not a slip.

    - around an article or chapter number ("第十四条　重大……", "……公布。 第十五条 ……",
      "第三章　审议决定　第十六条"): the law-text separator, also when a copy ran the
      articles together into one paragraph;
    - after a sentence or clause end ("……视作无意见。 二、……"): paragraphs a copy joined;
    - in a byline ("（记者 朱元冬）", "通讯员 李某"): between the role and the name;
    - inside a title in 书名号 ("《深入学习习近平法治思想 做好新时代行政复议工作》"): between its two phrases.
    """
    before, after = text[:start], text[end:]
    if _ARTICLE_END.search(before) or _ARTICLE.match(after) or _CHAPTER_TITLE.search(before):
        return True
    if before and before[-1] in "。；：！？":
        return True
    if _BYLINE.search(before) or _FIELD_LABEL.match(after):
        return True  # "（记者 朱某某）"; "联系人：王某 联系电话：……": the next field of a line of fields
    inside_title = before.rfind("《") > before.rfind("》")
    close, reopen = after.find("》"), after.find("《")
    return inside_title and close >= 0 and (reopen < 0 or close < reopen)


def _spaces(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    # spacing is layout in headings, signatures, lists of names and table cells (no sentence
    # punctuation there), around article numbers, in bylines and titles (see _separator)
    if len(text) > _SHORT and para.kind not in ("title", "table_row", "attachment_label") and _SENTENCE.search(text):
        for m in _SPACE.finditer(text):
            if _separator(text, m.start(), m.end()):
                continue
            yield doc.finding(
                SPACE,
                para,
                m.start(),
                m.end(),
                "汉字之间有多余的空格",
                suggestion="删去空格",
                excerpt=_show_spaces(text, m.start(), m.end()),
            )
    for m in _INVISIBLE.finditer(text):
        if m.start() == 0 and m.group() == "\ufeff":
            continue
        yield doc.finding(
            SPACE,
            para,
            m.start(),
            m.end(),
            f"文字中有不可见字符 U+{ord(m.group()):04X}",
            suggestion="删去",
        )


def _show_spaces(text: str, start: int, end: int) -> str:
    a, b = max(0, start - 8), min(len(text), end + 8)
    shown = text[a:start] + "␣" * (end - start) + text[end:b]
    return ("…" if a > 0 else "") + shown + ("…" if b < len(text) else "")
