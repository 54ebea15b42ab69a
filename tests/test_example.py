"""The Baise example reproduces the seed report: locators, quotes and counts computed, not typed."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from caina import services
from caina.core.locators import parse_locator, resolve
from caina.core.pages import Layout
from caina.core.report import render_markdown

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "baise"

# (locator, quote) as the seed report cites them
SEED_CITATIONS = [
    ("P3倒数第五行", "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"),
    ("P4顺数第一行", "提高铝工业资源利用率"),
    ("P3顺数第十一行", "转化50项重大科技成果"),
    ("P3顺数第十三行", "转化重大科技成果50项以上"),
    ("P13倒数第一行", "转化50项重大科技成果三年行动工作方案"),
    ("P6顺数第八行", "建立百色市高层次人才‘一站式’服务平台"),
    ("P3倒数第一行", "重点支持百矿集团开展电解铝碳渣、铝灰、废槽衬的无害化处理和循环利用"),
    ("P8倒数第六行", "加速健全完善科技成果转化机制"),
    ("P5倒数第五行", "工程研究中心"),
]
CITATION = re.compile(r"(P\d+[顺倒]数第[一二三四五六七八九十]+行)“([^”]+)”")


@pytest.fixture(scope="module")
def report_md() -> str:
    return services.render_report(EXAMPLE, "md")


@pytest.mark.parametrize(("locator", "quote"), SEED_CITATIONS)
def test_seed_citation_reproduced(report_md: str, locator: str, quote: str) -> None:
    assert f"{locator}“{quote}”" in report_md


@pytest.mark.parametrize(
    "phrase",
    [
        "等12个单位列席会议",
        "市领导和市人力资源社会保障局、市铝产业发展办公室、市工信委、市财政局等4个单位提出了8个修改意见",
        "予以采纳意见6个，不予采纳意见2个",
        "对文本修改2处",
        "对文本审核修改2处",
        "中的3处“重大科技成果”，修改为“科技成果”",
        "修改完善两处：一是",
        "并对应修改了附件1的“突破技术名称”一栏",
        "附件3“引育10个高层次创新人才和团队计划”中的领域名称“高端铝领域”修改为“中高端铝领域”",
        "附件3中的“依托单位”一栏修改为“相关重点企业”",
        "不予采纳。理由：我市提法为套用",
    ],
)
def test_seed_phrases_and_counts(report_md: str, phrase: str) -> None:
    assert phrase in report_md


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, without docstrings and help texts (examples belong there)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                skip.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg in ("help", "fix"):
            skip.update(id(n) for n in ast.walk(node.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


TYPED = re.compile(r"P\d+\s*[顺倒]数|第[0-9一二三四五六七八九十]+页|[0-9]+个单位|修改[0-9两一二三]+处|[0-9]+个修改意见")


def test_no_locator_or_count_typed_in_inputs() -> None:
    text = (EXAMPLE / "review.yaml").read_text(encoding="utf-8")
    assert not TYPED.search(text), TYPED.search(text)
    for path in sorted((ROOT / "src" / "caina").rglob("*.py")):
        for lineno, value in _code_strings(path):
            if any(w in value for w in ("请", "例", "如", "写成")):  # a hint showing the notation
                continue
            assert not TYPED.search(value), f"{path}:{lineno}: {value!r}"


def test_the_typed_check_can_fail() -> None:
    assert TYPED.search("将《实施方案》P3倒数第五行") and TYPED.search("等4个单位提出了8个修改意见")


def _cited_lines_hold_quotes(layout: Layout, report: str) -> int:
    """Every "P…行“quote”" citation resolves to the line where that quote begins."""
    checked = 0
    for loc, quote in CITATION.findall(report):
        quote = quote.replace("‘", "“").replace("’", "”")
        (line,) = resolve(layout, parse_locator(loc))
        following = layout.lines_of_block(line.part_id, line.block_index)
        rest = "".join(x.text for x in following[following.index(line) :])
        assert quote in rest and rest.index(quote) < len(line.text), (loc, quote, line.text)
        checked += 1
    return checked


def test_every_citation_resolves_to_its_quote(report_md: str) -> None:
    case = services.load_case(EXAMPLE)
    # 11: opinion 7 led to the very edits of opinion 1 and says "同意见1的修改" instead of citing them again
    assert _cited_lines_hold_quotes(case.layout, report_md) == 11
    assert "7.市工信委提出：" in report_md and "予以全部采纳。同意见1的修改。" in report_md


def test_moving_text_moves_the_locators(tmp_path: Path) -> None:
    moved = tmp_path / "baise"
    shutil.copytree(EXAMPLE, moved)
    draft = moved / "draft.txt"
    lines = draft.read_text(encoding="utf-8").splitlines()
    extra = "为确保各项任务落到实处，各地各部门要高度重视，切实加强组织协调，形成工作合力。" * 2
    lines.insert(2, extra)  # a new paragraph after the first body paragraph
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = services.render_report(EXAMPLE, "md")
    after = services.render_report(moved, "md")
    cited_before = CITATION.findall(before)
    cited_after = CITATION.findall(after)
    assert [q for _, q in cited_before] == [q for _, q in cited_after]  # same quotes …
    changed = sum(1 for (a, _), (b, _) in zip(cited_before, cited_after, strict=True) if a != b)
    assert changed >= len(cited_before) - 1  # … at new places
    assert "P3倒数第五行“开展铝焊丝" not in after
    case = services.load_case(moved)
    assert _cited_lines_hold_quotes(case.layout, after) == len(cited_after)


def test_revised_draft_has_every_change() -> None:
    case = services.load_case(EXAMPLE)
    new = services.revised(case)
    text = "\n".join(b.text for p in new.parts for b in p.blocks)
    assert "重大科技成果" not in text and text.count("转化50项科技成果") == 2
    assert "开展高品质铝合金大规格铸锭制备及产业化技术、开发低品位铝土矿技术攻关" in text
    assert "推进赤泥综合利用，提高铝工业资源利用率" in text
    assert "重点支持电解铝企业开展电解铝碳渣" in text and "百矿集团" not in text
    assert "完善百色市高层次人才“一站式”服务平台" in text
    assert "工程技术研究中心。" in text and "工程研究中心" not in text
    assert "中高端铝领域" in text and "尊重知识、尊重人才" in text
    att3 = new.part("附件3")
    column = att3.blocks[[b.kind.value for b in att3.blocks].index("table_row")].cells.index("依托单位")
    hosts = {b.cells[column] for b in att3.blocks if b.kind.value == "table_row" and not b.header}
    assert hosts == {"相关重点企业"}
    # the not-adopted opinions changed nothing
    assert "不上缴国库" in text and "铝连铸连轧" not in text
    assert new.version == case.draft.version + 1


def test_markdown_and_text_carry_the_same_content() -> None:
    case = services.load_case(EXAMPLE)
    rep = services.report(case)
    md = render_markdown(rep)
    txt = services.render_report(EXAMPLE, "txt")
    for item in rep.items:
        assert item.decision in md and item.decision in txt


def test_units_with_no_opinion_are_named(tmp_path: Path) -> None:
    case = tmp_path / "baise"
    shutil.copytree(EXAMPLE, case)
    path = case / "review.yaml"
    text = path.read_text(encoding="utf-8").replace("  office: 市科知局\n", "  office: 市科知局\n  no_opinion: [卫计委, 绩效办]\n")
    path.write_text(text, encoding="utf-8")
    assert "卫计委、绩效办等2个单位无修改意见。" in services.render_report(case, "md")
