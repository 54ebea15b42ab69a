"""Names: the title as quoted, the short name, the glossary of standard names."""

from __future__ import annotations

import pytest

from caina.core.checks import CheckOptions, Severity, check_text
from caina.core.checks.glossary import Glossary, NameEntry
from caina.core.checks.names import misquote

TITLE = "百色市科技创新支撑产业高质量发展三年行动实施方案（2018—2020年）"
REPORT_HEAD = f"附件2\n《{TITLE[:17]}\n{TITLE[17:]}》\n四届56次政府常务会意见采纳情况\n"


def names(text: str, kind: str = "report", options: CheckOptions | None = None):  # type: ignore[no-untyped-def]
    return [f for f in check_text(text, kind=kind, options=options) if f.family == "names"]


def test_title_misquoted_in_the_body_of_a_report() -> None:
    body = "会议对《百色市科技创新支撑餐饮业高质量发展三年行动实施方案（2018-2020年）》（以下简称《实施方案》）进行审议。"
    (f,) = names(REPORT_HEAD + body)
    assert f.rule == "names.title" and f.severity is Severity.ERROR
    assert "“支撑产业”写成了“支撑餐饮业”" in f.message
    assert "“2018—2020”写成了“2018-2020”" in f.message
    assert f.suggestion == f"《{TITLE}》"


def test_title_quoted_right_is_fine() -> None:
    assert names(REPORT_HEAD + f"会议对《{TITLE}》（以下简称《实施方案》）进行审议。") == []


@pytest.mark.parametrize(
    "mention",
    [
        "广西科技创新支撑产业高质量发展三年行动方案（2018—2020年）",  # another region's plan
        "百色市科技创新支撑产业高质量发展三年行动实施办法（2018—2020年）",  # another kind of document
        TITLE + "（征求意见稿）",  # a stage mark
        "优化营商环境条例",
    ],
)
def test_other_documents_are_not_misquotes(mention: str) -> None:
    assert misquote(mention, TITLE) is None


def test_the_drafts_own_title_is_the_reference() -> None:
    text = f"{TITLE}\n根据《百色市科技创新支撑产业高质量发展三年行动实施方案（2018至2020年）》要求，制定本方案。"
    (f,) = names(text, kind="draft")
    assert f.rule == "names.title"


def test_short_name_one_character_off() -> None:
    text = REPORT_HEAD + f"会议对《{TITLE}》（以下简称《实施方案》）进行审议。《实施方案》要立足于百色。已对《实施方按》修改完善。"
    (f,) = names(text)
    assert f.rule == "names.short-name"
    assert f.suggestion == "《实施方案》"


def test_builtin_glossary_flags_a_nonstandard_platform_name() -> None:
    (f,) = names("争取新建一批重点实验室、技术创新中心和工程研究中心。", kind="draft")
    assert f.rule == "names.glossary" and f.suggestion == "工程技术研究中心"


@pytest.mark.parametrize(
    "text",
    [
        "支持企业建设国家工程研究中心。",  # 发展改革部门的平台
        "争取新建一批重点实验室和工程技术研究中心。",
        "将P5倒数第五行“工程研究中心”修改为“工程技术研究中心”。",  # a report quoting the error it fixed
    ],
)
def test_glossary_leaves_alone(text: str) -> None:
    assert names(text) == []


def test_user_glossary_variant_and_alias() -> None:
    gloss = Glossary(
        (NameEntry("市人力资源社会保障局", aliases=("人社局",), variants=("市人力资源和社会保障局",), kind="unit"),)
    )
    text = "市人力资源和社会保障局提出意见。人社局负责落实。人社局牵头。"
    found = names(text, options=CheckOptions(glossary=gloss))
    assert [(f.rule, f.severity) for f in found] == [
        ("names.glossary", Severity.WARNING),
        ("names.alias", Severity.INFO),
    ]
    assert "共2处" in found[1].message
