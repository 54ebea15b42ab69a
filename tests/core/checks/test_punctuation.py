"""Punctuation (GB/T 15834): what each rule flags, and what it leaves alone."""

from __future__ import annotations

import pytest

from caina.core.checks import Severity, check_text

from ._helpers import rules_found

FLAGGED = [
    # (text, rule) — each text has exactly one finding of that rule
    ("8.市财政局提出:对P8倒数第六行提出异议。", "punct.halfwidth"),
    ("会议研究了有关事项,提出了意见。", "punct.halfwidth"),
    ("建立工作机制;明确责任分工。", "punct.halfwidth"),
    ("支持企业(单位)开展研发。", "punct.halfwidth"),
    ('建立"一站式"服务平台。', "punct.halfwidth"),
    ("这是什么原因?请说明。", "punct.halfwidth"),
    ("建立“一站式服务平台。", "punct.pairs"),
    ("建立一站式”服务平台。", "punct.pairs"),
    ("印发《实施方案的通知。", "punct.pairs"),
    ("他说：“建立“一站式”平台”。", "punct.pairs"),
    ("包括芒果、茶叶...等产业。", "punct.ellipsis"),
    ("包括芒果、茶叶。。。", "punct.ellipsis"),
    ("包括芒果、茶叶…", "punct.ellipsis"),
    ("包括芒果、茶叶、油茶……等产业。", "punct.ellipsis"),
    ("科技创新--产业发展的动力。", "punct.dash"),
    ("科技创新———产业发展的动力。", "punct.dash"),
    ("方案（2018-2020年）已经印发。", "punct.range"),
    ("交易额大多数为10-20万元。", "punct.range"),
    ("期限为3-5年。", "punct.range"),
    ("提出意见，，请研究。", "punct.doubled"),
    ("提出意见。，请研究。", "punct.doubled"),
    ("营造尊重知识，尊重人才、鼓励创新、宽容失败的良好氛围。", "punct.list-comma"),
    ("构建从众创空间，孵化器、加速器到产业园区的全链条孵化体系。", "punct.list-comma"),
    ("根据《优化营商环境条例》、《政府信息公开条例》制定。", "punct.series"),
]

CLEAN = [
    "上午9:30召开会议，咨询电话0771-12345。",
    "网址为https://www.nanning.gov.cn/zwgk，欢迎访问。",
    "支持5G、AI等新技术应用，参照GB/T 9704—2012执行。",
    "按照《党政机关公文格式》(GB/T 9704-2012)执行。",
    "到2025年，覆盖率达到95.5%，投入1,000万元。",
    "中国—东盟博览会每年在南宁举办。",
    "科技创新——产业发展的第一动力。",
    "包括芒果、茶叶、油茶等特色产业……",
    "方案（2018—2020年）已经印发。",
    "2019年1月17日上午召开会议，时间为2019-01-17。",
    "交易额为10万～20万元，期限为3～5年。",
    "建立百色市高层次人才“一站式”服务平台。",
    "他说：“建立‘一站式’平台。”",
    "根据《优化营商环境条例》《政府信息公开条例》制定。",
    "印发《关于〈实施方案〉的通知》。",
    "1.坚持需求导向，精准发力。",
    "（一）加强组织领导。成立领导小组，市科知局、发展改革委、财政局为成员。",
    "各县（市、区）人民政府要落实主体责任。",
    "1）明确责任分工。",
    "营造鼓励创新、宽容失败的良好氛围。",
]


@pytest.mark.parametrize(("text", "rule"), FLAGGED)
def test_flags(text: str, rule: str) -> None:
    assert rules_found(text, family="punct") == [rule]


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_alone(text: str) -> None:
    assert rules_found(text, family="punct") == []


def test_a_title_wrapped_over_two_lines_is_one_pair() -> None:
    text = "附件2\n《百色市科技创新支撑产业高质量发展\n三年行动实施方案（2018—2020年）》\n意见采纳情况\n正文一段。\n"
    assert rules_found(text, kind="report", family="punct") == []


def test_a_quotation_over_several_paragraphs() -> None:
    text = "他指出：\n“第一段引文，没有后引号。\n“第二段引文，到这里结束。”\n"
    assert rules_found(text, family="punct") == []


def test_a_converted_text_gets_one_finding_not_hundreds() -> None:
    text = "\n".join(f"第{i}条,本条规定了有关事项,请各单位遵照执行:(一)加强领导。" for i in range(10))
    found = [f for f in check_text(text, kind="draft") if f.rule == "punct.halfwidth"]
    assert len(found) == 1
    assert found[0].severity is Severity.INFO  # the whole text converted: a note, one fix for all
    assert "疑为格式转换" in found[0].message


def test_one_mark_typed_half_width_throughout_is_a_warning() -> None:
    text = "\n".join(f"{i}、市民王**（网站留言）提出:建议增设路灯，方便夜间出行。" for i in range(1, 7))
    found = [f for f in check_text(text, kind="report") if f.rule == "punct.halfwidth"]
    assert len(found) == 1 and found[0].severity is Severity.WARNING


def test_halfwidth_colon_is_an_error_with_the_fix() -> None:
    (f,) = [f for f in check_text("市财政局提出:对此提出异议。", kind="report") if f.rule == "punct.halfwidth"]
    assert f.severity is Severity.ERROR
    assert f.suggestion == "："
    assert f.line == 1 and f.paragraph == 1
    assert "提出:对" in f.excerpt


def test_year_range_suggestion() -> None:
    (f,) = [f for f in check_text("方案（2018-2020年）。", kind="draft") if f.rule == "punct.range"]
    assert f.suggestion == "2018—2020年"


def test_a_closing_quote_typed_as_an_opening_one_is_one_finding() -> None:
    found = [f for f in check_text("仅将“至少建有1个”修改为“建有1个以上“。", kind="report") if f.rule == "punct.pairs"]
    (f,) = found
    assert f.suggestion == "”" and "误打成" in f.message
