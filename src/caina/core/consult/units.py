"""The parts of a draft a public comment can be about: 第十条, 第二章, 附件2, 第一部分 — else 总体.

A law-style draft (条例, 办法, 法) is written in articles: "第一条　……" paragraphs, grouped in chapters
("第二章　规划和建设"); the paragraphs after an article's first one are its 款. A policy-style draft (方案,
意见) is written in numbered parts ("一、总体要求"); each is a unit "第一部分". Every attachment is a unit
"附件2". What comes before the first article or part (the title, a preamble) belongs to no unit: a comment
about it is counted under :data:`GENERAL`.

A unit's label is what reports and the stats print and what the assignment CSV lists ("第十条"): labels never
contain "、", which joins them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from caina.core.model import BlockKind, Draft
from caina.core.numerals import parse_number, to_chinese

__all__ = ["GENERAL", "Unit", "Units", "draft_units"]

GENERAL = "总体"

_NUM = r"[0-9０-９]{1,4}|[〇零一二两三四五六七八九十百千]{1,8}"
_ARTICLE = re.compile(rf"^\s*第({_NUM})条(?:之[一二三四五六七八九十]+)?(?=[\s　]|$|[^款项])")
_CHAPTER = re.compile(rf"^\s*第({_NUM})章")
_SECTION = re.compile(rf"^\s*第({_NUM})节")


def _number(numeral: str) -> int | None:
    try:
        return parse_number(numeral)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Unit:
    """One part a comment can be about."""

    index: int
    label: str  # 第十条 / 第二章 / 附件2 / 第一部分
    kind: str  # article / chapter / attachment / part
    number: int
    text: str  # the unit's own text (a chapter: its heading only; its articles are units themselves)
    chapter: str = ""  # an article's chapter label (第二章), if the draft has chapters
    blocks: tuple[tuple[str, int], ...] = ()  # (part id, block index) of each block the unit holds


@dataclass(frozen=True)
class Units:
    """The units of one draft, with look-ups by what a comment can write."""

    draft: Draft
    units: tuple[Unit, ...]
    law_style: bool
    by_label: dict[str, int] = field(default_factory=dict)
    articles: dict[int, int] = field(default_factory=dict)  # article number → unit index
    chapters: dict[int, int] = field(default_factory=dict)  # chapter number → unit index
    chapter_articles: dict[int, tuple[int, ...]] = field(default_factory=dict)  # chapter number → article units
    attachments: dict[int, int] = field(default_factory=dict)  # attachment number → unit index
    parts: dict[int, int] = field(default_factory=dict)  # 第N部分 → unit index
    block_unit: dict[tuple[str, int], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.units)

    def label(self, index: int) -> str:
        return self.units[index].label

    def labels(self, indexes: list[int] | tuple[int, ...]) -> tuple[str, ...]:
        return tuple(self.units[i].label for i in indexes)


def draft_units(draft: Draft) -> Units:
    """Split ``draft`` into units (articles and chapters, or numbered parts, then attachments)."""
    main = draft.main
    law_style = sum(1 for b in main.blocks if _ARTICLE.match(b.text)) >= 2
    units: list[Unit] = []
    pending: dict[str, object] | None = None
    texts: list[str] = []
    blocks: list[tuple[str, int]] = []

    def close() -> None:
        nonlocal pending
        if pending is not None:
            units.append(
                Unit(
                    index=len(units),
                    label=str(pending["label"]),
                    kind=str(pending["kind"]),
                    number=int(str(pending["number"])),
                    text="\n".join(texts),
                    chapter=str(pending.get("chapter", "")),
                    blocks=tuple(blocks),
                )
            )
        pending = None
        texts.clear()
        blocks.clear()

    chapter = ""
    for i, block in enumerate(main.blocks):
        if block.kind in (BlockKind.TITLE, BlockKind.BLANK):
            continue
        if law_style:
            m_ch = _CHAPTER.match(block.text)
            m_art = _ARTICLE.match(block.text)
            if m_ch and (n := _number(m_ch.group(1))) is not None:
                close()
                chapter = f"第{to_chinese(n)}章"
                pending = {"label": chapter, "kind": "chapter", "number": n}
            elif _SECTION.match(block.text):
                close()
                continue
            elif m_art and (n := _number(m_art.group(1))) is not None and "之" not in m_art.group(0):
                close()
                pending = {"label": f"第{to_chinese(n)}条", "kind": "article", "number": n, "chapter": chapter}
        elif block.kind is BlockKind.HEADING1:
            close()
            n = sum(1 for u in units if u.kind == "part") + 1
            pending = {"label": f"第{to_chinese(n)}部分", "kind": "part", "number": n}
        if pending is not None:
            texts.append(block.text)
            blocks.append((main.id, i))
    close()
    for part in draft.parts[1:]:
        m = re.fullmatch(r"附件(\d+)", part.label)
        number = int(m.group(1)) if m else len([u for u in units if u.kind == "attachment"]) + 1
        body = [(i, b.text) for i, b in enumerate(part.blocks) if b.kind is not BlockKind.BLANK]
        units.append(
            Unit(
                index=len(units),
                label=part.label if m else f"附件{number}",
                kind="attachment",
                number=number,
                text="\n".join(t for _, t in body),
                blocks=tuple((part.id, i) for i, _ in body),
            )
        )
    return _index(draft, tuple(units), law_style)


def _index(draft: Draft, units: tuple[Unit, ...], law_style: bool) -> Units:
    found = Units(draft=draft, units=units, law_style=law_style)
    chapter_articles: dict[int, list[int]] = {}
    chapter_numbers = {u.label: u.number for u in units if u.kind == "chapter"}
    for u in units:
        found.by_label.setdefault(u.label, u.index)
        for key in u.blocks:
            found.block_unit[key] = u.index
        if u.kind == "article":
            found.articles.setdefault(u.number, u.index)
            if u.chapter in chapter_numbers:
                chapter_articles.setdefault(chapter_numbers[u.chapter], []).append(u.index)
        elif u.kind == "chapter":
            found.chapters.setdefault(u.number, u.index)
        elif u.kind == "attachment":
            found.attachments.setdefault(u.number, u.index)
        elif u.kind == "part":
            found.parts.setdefault(u.number, u.index)
    found.chapter_articles.update({k: tuple(v) for k, v in chapter_articles.items()})
    return found
