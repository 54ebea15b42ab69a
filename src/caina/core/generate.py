"""Realistic test drafts, deterministic for a seed.

:func:`make_draft` builds a GB/T 9704 draft in memory that reads like a
government implementation plan (实施方案): a 2号 title (often two lines), a
主送 line, headings of the four levels (一、 （一） 1. （1）, run-in or on a
line of their own; in about a quarter of the drafts the first level is a centred
第N章 chapter heading instead), numbered items, long and short paragraphs mixing 汉字
with digits and Latin (“5G”, “GB/T 9704—2012”, “ISO 9001”, 32.5%), “quotes”
and ‘inner quotes’, 《书名号》, ——, ……, （国发〔2019〕60号） references,
tables (a header row, 序号, 牵头单位, 完成时限 columns) in the body and in an
attachment, and a signature with a date.

Used by the LibreOffice agreement test (tests/test_verify_layout.py), by
``bench/layout.py`` and ``bench/layout_vs_libreoffice.py``. Pure: the model only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from typing import TypedDict, Unpack

from caina.core.layout import layout
from caina.core.model import CELL_SEP, Align, Block, BlockKind, Draft, Part, default_style

__all__ = ["make_draft", "make_drafts", "paragraph", "clause"]

_TERMS = (
    "数字政府", "政务服务", "营商环境", "一网通办", "跨省通办", "数据共享", "基层治理", "乡村振兴",
    "公共服务", "市场主体", "监管体系", "信用体系", "应急管理", "生态环境", "财政资金", "项目审批",
    "人才队伍", "安全生产", "民生保障", "产业链", "新型基础设施", "要素市场", "政务数据", "标准体系",
    "科技成果转化", "创新平台", "高新技术企业", "知识产权", "技术交易市场", "产学研合作",
)  # fmt: skip
_VERBS = (
    "加快推进", "全面落实", "持续深化", "统筹推进", "切实加强", "不断完善", "大力推动", "积极探索",
    "稳步推进", "进一步优化", "建立健全", "着力提升", "依法规范", "有序推进", "深入实施",
)  # fmt: skip
_TAILS = (
    "工作机制", "制度保障", "服务能力", "协同水平", "质量效益", "长效机制", "支撑体系", "考核评价",
    "风险防控", "示范引领", "便民利企", "监督管理", "政策体系", "责任落实",
)  # fmt: skip
_UNITS = (
    "市发展改革委", "市财政局", "市科技局", "市工业和信息化局", "市市场监管局", "市人力资源社会保障局",
    "市大数据发展局", "各县（市、区）人民政府", "百色高新区管委会",
)  # fmt: skip
_LAWS = (
    "《中华人民共和国行政许可法》", "《优化营商环境条例》", "《党政机关公文格式》", "《政府信息公开条例》",
    "《中华人民共和国促进科技成果转化法》", "《广西壮族自治区促进科技成果转化条例》",
)  # fmt: skip
_LATIN = (
    "5G", "AI", "App", "GB/T 9704—2012", "CPU", "IPv6", "ISO 9001", "PPP", "B2B", "H5", "GDP", "R&D", "ETC",
    "CT", "LED", "API",
)  # fmt: skip
_SLOGANS = ("一站式", "最多跑一次", "放管服", "不见面审批", "互联网+政务服务", "双随机、一公开", "证照分离")
_CN = "一二三四五六七八九十"
_TITLE_HEADS = ("关于", "百色市", "关于印发")
_TITLE_TAILS = ("的实施方案", "三年行动计划", "的若干措施", "工作方案", "的实施意见")


def clause(rng: random.Random) -> str:
    """One clause of policy prose (no final punctuation)."""
    t, v, tail = rng.choice(_TERMS), rng.choice(_VERBS), rng.choice(_TAILS)
    k = rng.random()
    if k < 0.10:
        return f"到{rng.randint(2024, 2030)}年，{t}覆盖率达到{rng.randint(50, 99)}%以上"
    if k < 0.16:
        return f"{rng.randint(2018, 2022)}—{rng.randint(2023, 2027)}年累计投入{rng.randint(2, 900)}.{rng.randint(1, 9)}亿元"
    if k < 0.23:
        return f"按照{rng.choice(_LAWS)}有关规定，{v}{t}{tail}"
    if k < 0.29:
        return f"推动“{t}+{rng.choice(_TERMS)}”融合发展"
    if k < 0.34:
        return f"推广‘{rng.choice(_SLOGANS)}’经验，打造“{t}”品牌"
    if k < 0.40:
        return f"支持{rng.choice(_LATIN)}等新技术在{t}领域应用"
    if k < 0.44:
        return f"（{rng.choice(_UNITS)}牵头，{rng.choice(_UNITS)}配合）"
    if k < 0.48:
        name = f"《国务院关于{v}{t}的意见》"
        return f"根据{name}（国发〔{rng.randint(2015, 2024)}〕{rng.randint(1, 60)}号）"
    if k < 0.53:
        return f"{t}——{v}{tail}"
    if k < 0.57:
        return f"包括{t}、{rng.choice(_TERMS)}、{rng.choice(_TERMS)}……等"
    if k < 0.61:
        return f"每年新增{rng.randint(2, 300)}家，同比增长{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
    if k < 0.64:
        return f"力争{rng.randint(2025, 2030)}年{rng.randint(1, 12)}月底前完成{t}改造"
    if k < 0.67:
        return f"第{rng.randint(1, 30)}条第{rng.randint(1, 5)}款规定的{t}事项"
    return f"{v}{t}{tail}"


def paragraph(rng: random.Random, sentences: int) -> str:
    """``sentences`` sentences of clauses joined by ，；、 and ended by 。"""
    out = []
    for _ in range(sentences):
        clauses = [clause(rng) for _ in range(rng.randint(2, 5))]
        seps = [rng.choice("，，，；、") for _ in clauses[1:]]
        out.append(clauses[0] + "".join(sep + c for sep, c in zip(seps, clauses[1:], strict=True)) + "。")
    return "".join(out)


def _items(rng: random.Random) -> str:
    """An inline enumeration: 一是……；二是……。 or （1）……；（2）……。"""
    n = rng.randint(2, 4)
    if rng.random() < 0.5:
        marks = [f"{_CN[i]}是" for i in range(n)]
    else:
        marks = [f"（{i + 1}）" for i in range(n)]
    return "；".join(m + clause(rng) for m in marks) + "。"


def _title(rng: random.Random) -> str:
    head, tail = rng.choice(_TITLE_HEADS), rng.choice(_TITLE_TAILS)
    years = f"（{rng.randint(2018, 2024)}—{rng.randint(2025, 2030)}年）" if rng.random() < 0.6 else ""
    core = f"{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"
    if rng.random() < 0.5:
        core += f"进一步{rng.choice(_VERBS)[-2:]}{rng.choice(_TERMS)}"
    return f"{head}{core}{tail}{years}"


class _Style(TypedDict, total=False):
    """The :class:`~caina.core.model.BlockStyle` fields a generated block overrides."""

    align: Align
    first_line_indent_chars: float
    space_after_rows: int


def _block(kind: BlockKind, text: str, **style: Unpack[_Style]) -> Block:
    return Block(kind, text, replace(default_style(kind), **style))


def _table(rng: random.Random, table_id: int, rows: int) -> list[Block]:
    heads = rng.choice(
        (
            ("序号", "重点任务", "牵头单位", "完成时限"),
            ("序号", "突破技术名称", "依托单位", "预期目标", "备注"),
            ("序号", "项目名称", "建设内容", "总投资（万元）"),
        )
    )
    # equal columns: what caina.io.docx_writer writes (python-docx's default)
    col_widths: tuple[float, ...] = ()
    style = default_style(BlockKind.TABLE_ROW)
    out = [Block(BlockKind.TABLE_ROW, CELL_SEP.join(heads), style, col_widths, True, table_id)]
    for r in range(1, rows + 1):
        cells = []
        for h in heads:
            if h == "序号":
                cells.append(str(r))
            elif h == "完成时限":
                cells.append(f"{rng.randint(2024, 2027)}年{rng.randint(1, 12)}月底前")
            elif h in ("牵头单位", "依托单位"):
                cells.append("、".join(rng.sample(_UNITS, rng.randint(1, 2))))
            elif h == "总投资（万元）":
                cells.append(f"{rng.randint(100, 99999)}")
            elif h == "备注":
                cells.append(rng.choice(("", "续建", "新建", "已完成前期工作")))
            elif h == "建设内容":
                cells.append(clause(rng) + "，" + clause(rng))
            else:
                cells.append(f"{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}")
        out.append(Block(BlockKind.TABLE_ROW, CELL_SEP.join(cells), style, col_widths, False, table_id))
    return out


def _body_blocks(rng: random.Random, *, tables: bool) -> Iterator[Block]:
    """Headings, paragraphs and tables, endlessly (the caller stops)."""
    h1 = h2 = h3 = 0
    table_id = 0
    first = True
    while True:
        r = rng.random()
        if (r < 0.07 or first) and h1 < 10:
            h1 += 1
            h2 = h3 = 0
            text = f"{_CN[h1 - 1]}、{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"
            b = _block(BlockKind.HEADING1, text)
        elif r < 0.17 and h2 < 10:
            h2 += 1
            h3 = 0
            text = f"（{_CN[h2 - 1]}）{rng.choice(_VERBS)}{rng.choice(_TERMS)}"
            if rng.random() < 0.6:  # run-in: the heading ends with 。 and the text follows
                text += "。" + paragraph(rng, rng.randint(1, 3))
            b = _block(BlockKind.HEADING2, text)
        elif r < 0.30:
            h3 += 1
            text = f"{h3}.{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"
            if rng.random() < 0.7:
                text += "。" + paragraph(rng, rng.randint(1, 3))
            b = _block(BlockKind.HEADING3, text)
        elif r < 0.36:
            text = f"（{rng.randint(1, 3)}）{rng.choice(_TERMS)}{rng.choice(_TAILS)}。" + paragraph(rng, 1)
            b = _block(BlockKind.HEADING4, text)
        elif r < 0.42:
            b = _block(BlockKind.BODY, _items(rng))
        elif r < 0.50:  # a short paragraph of one line
            b = _block(BlockKind.BODY, paragraph(rng, 1)[: rng.randint(8, 40)].rstrip("，；、（“《—…") + "。")
        elif tables and r < 0.53:
            table_id += 1
            yield from _table(rng, table_id, rng.randint(2, 6))
            continue
        else:
            b = _block(BlockKind.BODY, paragraph(rng, rng.randint(1, 5)))
        first = False
        yield b


def _as_chapters(blocks: list[Block]) -> list[Block]:
    """A regulation's structure: every 一、 heading becomes a centred 第N章 heading."""
    out, n = [], 0
    for b in blocks:
        if b.kind is BlockKind.HEADING1:
            n += 1
            head = b.text.split("、", 1)[-1]
            b = _block(BlockKind.CHAPTER, f"第{_CN[n - 1]}章　{head}")
        out.append(b)
    return out


def _rows(block: Block) -> int:
    """A rough count of the grid rows a block takes (the layout decides)."""
    if block.kind is BlockKind.TABLE_ROW:
        return 2
    return len(block.text) // 27 + 1


def make_draft(
    pages: int = 5, seed: int = 9704, *, tables: bool = True, attachment: bool | None = None, exact: bool = False
) -> Draft:
    """A draft of about ``pages`` pages (22 rows × 28 字), the same for the same seed.

    ``attachment``: add 附件1 (a label, a title and a table) on a page of its
    own; ``None`` decides by the seed. ``exact``: add paragraphs until the
    main part fills at least ``pages`` pages as :func:`caina.core.layout.layout`
    sets it (slower: it lays the draft out as it grows); otherwise the count
    is a rough estimate.
    """
    rng = random.Random(seed)
    # drawn apart from ``rng`` so that adding chapters left every other draft unchanged
    chapters = random.Random(seed + 104729).random() < 0.25
    title = _title(rng)
    head: list[Block] = [
        _block(BlockKind.TITLE, title, space_after_rows=0),
        Block(BlockKind.BLANK, "", default_style(BlockKind.BLANK)),
    ]
    if rng.random() < 0.6:
        head.append(_block(BlockKind.BODY, "各县（市、区）人民政府，市直各有关单位：", first_line_indent_chars=0.0))
    head.append(_block(BlockKind.BODY, paragraph(rng, rng.randint(2, 3)) + "结合我市实际，制定本方案。"))
    tail = [
        Block(BlockKind.BLANK, "", default_style(BlockKind.BLANK)),
        _block(BlockKind.BODY, "百色市人民政府", align=Align.RIGHT, first_line_indent_chars=0.0),
        _block(
            BlockKind.BODY,
            f"{rng.randint(2018, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            align=Align.RIGHT,
            first_line_indent_chars=0.0,
        ),
    ]
    with_attachment = attachment if attachment is not None else rng.random() < 0.4
    source = _body_blocks(rng, tables=tables)
    body: list[Block] = []
    rows, target = 6, max(10, pages * 22 - 12)
    while True:
        while rows < target:
            body.append(next(source))
            rows += _rows(body[-1])
        main = Part("main", "正文", tuple(head + (_as_chapters(body) if chapters else body) + tail))
        if not exact or layout(Draft(title=title, parts=(main,))).page_count >= pages:
            break
        target += 22  # short of the target: check again a page later
    parts = [main]
    if with_attachment:
        att = [
            Block(BlockKind.ATTACHMENT_LABEL, "附件1", default_style(BlockKind.ATTACHMENT_LABEL)),
            _block(BlockKind.TITLE, f"{rng.choice(_TERMS)}{rng.choice(_TAILS)}重点任务清单"),
        ]
        att += _table(rng, 1, rng.randint(4, 12))
        parts.append(Part("att1", "附件1", tuple(att)))
    return Draft(title=title, parts=tuple(parts))


def make_drafts(count: int, seed: int = 9704, *, pages: tuple[int, int] = (2, 8)) -> list[Draft]:
    """``count`` drafts of ``pages[0]``–``pages[1]`` pages each, seeds ``seed``, ``seed + 1`` …"""
    rng = random.Random(seed)
    return [make_draft(rng.randint(*pages), seed + i) for i in range(count)]
