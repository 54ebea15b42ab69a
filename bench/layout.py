"""Benchmark the layout engine on a realistic 100-page draft.

Run: ``.venv/bin/python bench/layout.py [--pages 100] [--seed 9704] [--no-soffice]``

1. builds a draft in memory (seeded RNG): a 2号 title, headings of the four
   GB/T 9704 levels and body paragraphs mixing 汉字, digits, Latin, “quotes”,
   《书名号》, ——, …… and (国发〔2018〕27号)-style references;
2. times ``layout()`` (best and median of 5);
3. times resolving 10,000 random page/line locators ("P3倒数第五行") with
   ``caina.core.locators`` (or direct ``Layout.page()`` lookups if that module
   is missing);
4. if ``soffice`` is on PATH, writes the same draft as a .docx (A4, margins
   37/35/28/26 mm, docGrid type lines linePitch 579, 16 pt, −0.25 pt spacing),
   times ``soffice --headless --convert-to pdf`` with a private profile and
   prints the ratio; if ``pdftotext`` is there too, counts how many of
   LibreOffice's lines caina reproduced (page, line, text).

Nothing here asserts a time: it prints a table.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from caina.core.layout import layout
from caina.core.model import MM, Align, Block, BlockKind, Draft, Part, default_style
from caina.core.pages import Layout

# ---------------------------------------------------------------- the draft

_TERMS = (
    "数字政府", "政务服务", "营商环境", "一网通办", "跨省通办", "数据共享", "基层治理", "乡村振兴",
    "公共服务", "市场主体", "监管体系", "信用体系", "应急管理", "生态环境", "财政资金", "项目审批",
    "人才队伍", "安全生产", "民生保障", "产业链", "新型基础设施", "要素市场", "政务数据", "标准体系",
)  # fmt: skip
_VERBS = (
    "加快推进", "全面落实", "持续深化", "统筹推进", "切实加强", "不断完善", "大力推动", "积极探索",
    "稳步推进", "进一步优化", "建立健全", "着力提升", "依法规范", "有序推进",
)  # fmt: skip
_TAILS = (
    "工作机制", "制度保障", "服务能力", "协同水平", "质量效益", "长效机制", "支撑体系", "考核评价",
    "风险防控", "示范引领", "便民利企", "监督管理",
)  # fmt: skip
_UNITS = ("自治区发展改革委", "自治区财政厅", "自治区大数据发展局", "各市人民政府", "自治区市场监管局")
_LAWS = ("《中华人民共和国行政许可法》", "《优化营商环境条例》", "《党政机关公文格式》", "《政府信息公开条例》")
_LATIN = ("5G", "AI", "App", "GB/T 9704—2012", "CPU", "IPv6", "ISO 9001", "PPP", "B2B", "H5")


def _clause(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        return f"到{rng.randint(2024, 2030)}年，{rng.choice(_TERMS)}覆盖率达到{rng.randint(50, 99)}%以上"
    if kind < 0.20:
        return f"{rng.randint(2018, 2022)}—{rng.randint(2023, 2027)}年累计投入{rng.randint(2, 900)}.{rng.randint(1, 9)}亿元"
    if kind < 0.28:
        return f"按照{rng.choice(_LAWS)}有关规定，{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"
    if kind < 0.35:
        return f"推动“{rng.choice(_TERMS)}+{rng.choice(_TERMS)}”融合发展"
    if kind < 0.42:
        return f"支持{rng.choice(_LATIN)}等新技术在{rng.choice(_TERMS)}领域应用"
    if kind < 0.47:
        return f"（{rng.choice(_UNITS)}牵头，{rng.choice(_UNITS)}配合）"
    if kind < 0.51:
        name = f"《国务院关于{rng.choice(_VERBS)}{rng.choice(_TERMS)}的意见》"
        return f"根据{name}（国发〔{rng.randint(2015, 2024)}〕{rng.randint(1, 60)}号）"
    if kind < 0.55:
        return f"{rng.choice(_TERMS)}——{rng.choice(_VERBS)}{rng.choice(_TAILS)}"
    if kind < 0.58:
        return f"包括{rng.choice(_TERMS)}、{rng.choice(_TERMS)}、{rng.choice(_TERMS)}……等"
    return f"{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"


def _paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        clauses = [_clause(rng) for _ in range(rng.randint(2, 5))]
        seps = [rng.choice("，，，；、") for _ in clauses[1:]]
        s = clauses[0] + "".join(sep + c for sep, c in zip(seps, clauses[1:], strict=True))
        out.append(s.replace("），", "），") + "。")
    return "".join(out)


_CN = "一二三四五六七八九十"


def make_draft(pages: int = 100, seed: int = 9704) -> Draft:
    """A draft that fills ``pages`` pages (22 rows × 28 字), deterministic for a seed."""
    rng = random.Random(seed)
    title_style = replace(default_style(BlockKind.TITLE), space_after_rows=0)
    blocks = [
        Block(BlockKind.TITLE, "关于加快推进数字政府建设进一步优化营商环境的实施方案（2024—2027年）", title_style),
        Block(BlockKind.BLANK, "", default_style(BlockKind.BLANK)),
    ]
    h1 = h2 = 0
    rows = 5  # title (2 lines × 2 rows) + blank
    while True:
        r = rng.random()
        if r < 0.05 and h1 < 10:
            h1 += 1
            h2 = 0
            text = f"{_CN[h1 - 1]}、{rng.choice(_VERBS)}{rng.choice(_TERMS)}{rng.choice(_TAILS)}"
            blocks.append(Block(BlockKind.HEADING1, text, default_style(BlockKind.HEADING1)))
        elif r < 0.15 and h2 < 10:
            h2 += 1
            text = f"（{_CN[h2 - 1]}）{rng.choice(_VERBS)}{rng.choice(_TERMS)}。" + _paragraph(rng, 1)
            blocks.append(Block(BlockKind.HEADING2, text, default_style(BlockKind.HEADING2)))
        else:
            text = _paragraph(rng, rng.randint(1, 4))
            blocks.append(Block(BlockKind.BODY, text, default_style(BlockKind.BODY)))
        rows += (len(blocks[-1].text) + 2) // 28 + 1  # a rough count; layout() decides
        if rows >= pages * 22:
            draft = Draft(title=blocks[0].text, parts=(Part("main", "正文", tuple(blocks)),))
            if layout(draft).page_count >= pages:
                return draft
            rows -= 22  # short of the target: check again a page later


# ---------------------------------------------------------------- timings


def time_layout(draft: Draft, repeat: int = 5) -> tuple[float, float, Layout]:
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = layout(draft)
        times.append(time.perf_counter() - t0)
    assert result is not None
    return min(times), statistics.median(times), result


def time_locators(lay: Layout, count: int = 10_000, seed: int = 1) -> tuple[float, str]:
    rng = random.Random(seed)
    targets = []
    for _ in range(count):
        page = rng.randint(1, lay.page_count)
        lines = len(lay.pages[page - 1].lines)
        targets.append((page, rng.randint(1, max(1, lines)), rng.random() < 0.5))
    try:
        from caina.core.locators import Locator, parse_locator, render_locator, resolve
    except ImportError:
        t0 = time.perf_counter()
        for page, line, from_bottom in targets:
            p = lay.page(page)
            assert p is not None
            _ = p.lines[-line] if from_bottom else p.lines[line - 1]
        return time.perf_counter() - t0, "direct Layout.page() lookups (caina.core.locators missing)"
    texts = [render_locator(Locator(page=p, line=n, from_bottom=fb)) for p, n, fb in targets]
    t0 = time.perf_counter()
    for text in texts:
        resolve(lay, parse_locator(text))
    return time.perf_counter() - t0, f"caina.core.locators parse_locator + resolve (e.g. {texts[0]})"


# ---------------------------------------------------------------- LibreOffice


def write_docx(draft: Draft, path: Path) -> None:
    """The draft as a GB/T 9704 .docx that LibreOffice sets 28 × 22."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    page = draft.page
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    sect.append(grid)

    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag, attrs in (
        ("w:rFonts", {"w:ascii": "Times New Roman", "w:hAnsi": "Times New Roman", "w:eastAsia": "仿宋_GB2312"}),
        ("w:spacing", {"w:val": "-5"}),
        ("w:sz", {"w:val": "32"}),
        ("w:szCs", {"w:val": "32"}),
        ("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"}),
    ):
        for old in rpr_default.findall(qn(tag)):
            rpr_default.remove(old)
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        rpr_default.append(el)
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for old in ppr_default.findall(qn("w:spacing")):
        ppr_default.remove(old)
    single = OxmlElement("w:spacing")  # python-docx's template has 1.15 lines + 10 pt after
    for k, v in (("w:before", "0"), ("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
        single.set(qn(k), v)
    ppr_default.append(single)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.widow_control = True

    east_asia = {"xiaobiaosong": "方正小标宋简体", "heiti": "黑体", "kaiti": "楷体_GB2312"}
    for block in draft.main.blocks:
        style = block.style
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(style.first_line_indent_chars * page.char_pitch_pt)
        fmt.alignment = {
            Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
            Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
            Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
        }.get(style.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        if style.keep_with_next:
            fmt.keep_with_next = True
        if block.kind is BlockKind.BLANK or not block.text:
            continue
        run = p.add_run(block.text)
        run.font.size = Pt(style.font_size_pt)
        if style.font_role in east_asia:
            rpr = run._r.get_or_add_rPr()
            fonts = OxmlElement("w:rFonts")
            fonts.set(qn("w:eastAsia"), east_asia[style.font_role])
            rpr.insert(0, fonts)
    doc.save(str(path))


def time_soffice(docx: Path, workdir: Path) -> tuple[float, float, Path]:
    """Seconds for a cold (new profile) and a warm conversion, and the PDF."""
    profile = (workdir / "profile").as_uri()
    out = workdir / "out"
    cmd = [
        "soffice", f"-env:UserInstallation={profile}", "--headless",
        "--convert-to", "pdf", "--outdir", str(out), str(docx),
    ]  # fmt: skip
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - t0)
    return times[0], times[1], out / (docx.stem + ".pdf")


_BBOX_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_BBOX_LINE = re.compile(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', re.S)
_BBOX_WORD = re.compile(r"<word[^>]*>(.*?)</word>")
_DROP = re.compile(r"[\s，；。、：！？]")


def pdf_lines(pdf: Path) -> list[list[str]]:
    """Text lines per page from ``pdftotext -bbox-layout`` (lines merged by y)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for body in _BBOX_PAGE.findall(xml):
        rows: dict[int, list[str]] = {}
        for y, words in _BBOX_LINE.findall(body):
            rows.setdefault(round(float(y)), []).append("".join(_BBOX_WORD.findall(words)))
        pages.append(["".join(rows[y]) for y in sorted(rows)])
    return pages


def compare(lay: Layout, pages: list[list[str]]) -> tuple[int, int, str]:
    """Lines whose (page, number, text) agree, ignoring spaces and punctuation
    (LibreOffice does not draw a hung ，/； in a justified paragraph)."""
    from html import unescape

    ours = [(p.number, i, _DROP.sub("", line.text)) for p in lay.pages for i, line in enumerate(p.lines)]
    theirs = {(n + 1, i): _DROP.sub("", unescape(t)) for n, lines in enumerate(pages) for i, t in enumerate(lines)}
    same = sum(1 for page, i, text in ours if theirs.get((page, i)) == text)
    first = ""
    for page, i, text in ours:
        if theirs.get((page, i)) != text:
            first = f"P{page} line {i + 1}: caina {text!r} / LibreOffice {theirs.get((page, i))!r}"
            break
    return same, len(ours), first


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=9704)
    ap.add_argument("--no-soffice", action="store_true", help="skip the LibreOffice comparison")
    args = ap.parse_args(argv)

    draft = make_draft(args.pages, args.seed)
    chars = sum(len(b.text) for b in draft.main.blocks)
    best, median, lay = time_layout(draft)
    loc_time, loc_mode = time_locators(lay)

    rows = [
        ("draft", f"{len(draft.main.blocks)} blocks, {chars:,} characters, seed {args.seed}"),
        ("layout result", f"{lay.page_count} pages, {len(lay.lines):,} lines"),
        ("layout() best of 5", f"{best * 1000:.1f} ms"),
        ("layout() median of 5", f"{median * 1000:.1f} ms"),
        ("10,000 locators", f"{loc_time * 1000:.1f} ms ({loc_time / 10_000 * 1e6:.1f} µs each)"),
        ("locator method", loc_mode),
    ]
    if args.no_soffice:
        rows.append(("LibreOffice", "skipped (--no-soffice)"))
    elif shutil.which("soffice") is None:
        rows.append(("LibreOffice", "soffice not on PATH: skipped"))
    else:
        with tempfile.TemporaryDirectory(prefix="caina-bench-") as tmp:
            work = Path(tmp)
            docx = work / "bench.docx"
            write_docx(draft, docx)
            cold, warm, pdf = time_soffice(docx, work)
            rows += [
                ("soffice → pdf, new profile", f"{cold * 1000:.0f} ms"),
                ("soffice → pdf, warm profile", f"{warm * 1000:.0f} ms"),
                ("ratio soffice(warm) / layout(best)", f"{warm / best:,.0f} ×"),
            ]
            if shutil.which("pdftotext"):
                pages = pdf_lines(pdf)
                same, total, first = compare(lay, pages)
                rows.append(("LibreOffice pages", f"{len(pages)} (caina {lay.page_count})"))
                rows.append(("lines equal to LibreOffice's", f"{same} of {total} ({same / total:.1%})"))
                flat = [t for page_lines in pages for t in page_lines]
                splits = sum(1 for a, b in zip(flat, flat[1:], strict=False) if a.endswith("…") and b.startswith("…"))
                rows.append(("…… split by LibreOffice", f"{splits} (GB/T 15834 forbids it; caina keeps …… whole)"))
                if first:
                    rows.append(("first difference", first))
    width = max(len(k) for k, _ in rows)
    print(f"caina layout benchmark — Python {sys.version.split()[0]}")
    print("-" * (width + 50))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
