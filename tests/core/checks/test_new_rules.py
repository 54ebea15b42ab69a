"""Issue 10, "Proofreading published text": the slips caina check must find, each class on new inputs.

Doubled words, a heading's count against the items under it, commonly confused word pairs
(each entry of data/pairs.py with the examples it must flag and must leave alone), the
number rules of GB/T 15835, misspelled fixed expressions, unbalanced brackets in a draft,
one document named two ways; and what must not be flagged in real texts: law-text
separators, bylines, run-on paragraphs of a web copy, traditional characters.
"""

from __future__ import annotations

import pytest

from caina.core.checks import check_text
from caina.core.checks.data.pairs import NUMBER_RULES, PAIRS, Pair


def rules(text: str, kind: str = "draft", prefix: str = "") -> list[tuple[str, str]]:
    return [
        (f.rule, f.excerpt)
        for f in check_text(text, kind=kind)
        if f.severity.value != "info" and f.rule.startswith(prefix)
    ]


# --- confused pairs and number rules: every entry's own examples --------------------------------

ENTRIES = [(p, "typo.pair") for p in PAIRS] + [(p, "number.usage") for p in NUMBER_RULES]


@pytest.mark.parametrize(("entry", "rule"), ENTRIES, ids=[p.right or p.source for p, _ in ENTRIES])
def test_entry_flags_its_examples(entry: Pair, rule: str) -> None:
    for text in entry.flags:
        assert any(r == rule for r, _ in rules(text, prefix=rule)), (rule, text)


@pytest.mark.parametrize(("entry", "rule"), ENTRIES, ids=[p.right or p.source for p, _ in ENTRIES])
def test_entry_leaves_right_text_alone(entry: Pair, rule: str) -> None:
    for text in entry.keeps:
        assert not rules(text, prefix=rule), (rule, text)


def test_every_entry_has_examples_both_ways() -> None:
    for entry, _rule in ENTRIES:
        assert entry.flags and entry.keeps and entry.note and entry.source


def test_number_fixes() -> None:
    found = {f.excerpt.strip("…"): f.suggestion for f in check_text("三、四个单位在二0二四年报送，投资3～5亿元。", kind="draft")
             if f.rule == "number.usage"}  # fmt: skip
    assert "三四" in found.values() and "二〇二四年" in found.values() and "3亿～5亿" in found.values()


def test_a_report_quoting_the_slip_it_corrects_is_not_flagged() -> None:
    text = "意见采纳情况：予以采纳。将“群众反应的问题”修改为“群众反映的问题”。"
    assert not rules(text, kind="report", prefix="typo.pair")


# --- a word or phrase typed twice ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "各乡镇要要切实履行属地责任。",
        "进一步完善完善考核评价机制。",
        "全面推进乡村振兴全面推进乡村振兴。",
        "建立健全长效机制机制。",
        "对违法行为依法依法予以查处。",
        "按照规定的的程序办理。",
    ],
)
def test_doubled_words(text: str) -> None:
    assert [r for r, _ in rules(text, prefix="typo.doubled")] == ["typo.doubled"], rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "深入学习习近平新时代中国特色社会主义思想。",  # 学习 + 习近平
        "天天锻炼，常常学习，人人参与。",
        "要研究研究这个问题。",
        "一项一项抓落实，一步一步推进。",
        "谢谢大家的支持，看看效果再说。",
        "大大提高了办事效率，渐渐形成共识。",
        "的确如此，是是非非要分清。",
        "这是达到目的的手段，合同标的的价值另行评估。",
    ],
)
def test_reduplication_is_not_doubling(text: str) -> None:
    assert not rules(text, prefix="typo.doubled")


# --- a count in a heading or lead-in against the items under it ---------------------------------


def test_lead_in_count_against_inline_items() -> None:
    text = "（二）重点任务\n采取以下三项措施：一是加强监测；二是完善制度；三是强化考核；四是加强宣传。\n"
    found = [f for f in check_text(text, kind="draft") if f.rule == "count.heading"]
    assert len(found) == 1 and "4" in found[0].message and found[0].suggestion.startswith("以下四项")


def test_heading_count_against_the_paragraphs_under_it() -> None:
    text = (
        "一、主要任务（五项）\n（一）加强规划引领。\n（二）完善基础设施。\n（三）培育市场主体。\n（四）强化要素保障。\n"
        "二、保障措施\n（一）加强组织领导。\n"
    )
    found = [f for f in check_text(text, kind="draft") if f.rule == "count.heading"]
    assert len(found) == 1 and "五" in found[0].message and "4" in found[0].message


def test_report_section_count_against_its_items() -> None:
    text = (
        "意见采纳情况\n一、采纳的意见（3条）\n1.县财政局提出：建议甲。\n2.县审计局提出：建议乙。\n"
        "二、未采纳的意见（1条）\n1.县商务局提出：建议丙。理由：不属于本方案范围。\n"
    )
    found = [f for f in check_text(text, kind="report") if f.rule == "count.heading"]
    assert len(found) == 1 and found[0].line == 2


@pytest.mark.parametrize(
    "text",
    [
        "采取以下三项措施：一是加强监测；二是完善制度；三是强化考核。",
        "一、主要任务（两项）\n（一）加强规划引领。\n具体内容如下。\n（二）完善基础设施。\n二、保障措施\n",
        "抓好以下两个方面的工作：\n1.加强领导。\n2.强化保障。\n",
        "主要有3个方面：一是……二是……",  # a gap-free list from one is needed; three markers are not there
        "开展“三个一”活动：一是建一个台账。",  # the name of an activity, followed by one item only
        "一、采纳的意见（12条）\n主要涉及水质目标、污水处理等方面，已在规划中修改完善。\n",  # summed up, not listed
    ],
)
def test_counts_that_agree_or_cannot_be_counted(text: str) -> None:
    assert not rules(text, prefix="count.heading"), rules(text)


# --- misspelled fixed expressions, unbalanced brackets in a draft -------------------------------


@pytest.mark.parametrize(("text", "right"), [("全体干部再接再励。", "再接再厉"), ("做到有的放失。", "有的放矢")])
def test_misspelled_fixed_expressions(text: str, right: str) -> None:
    assert any(f.rule == "typo.idiom" and f.suggestion == right for f in check_text(text, kind="draft"))


@pytest.mark.parametrize(
    "text",
    [
        "根据《某市物业管理条例(修订草案》规定，制定本办法。",
        "各县（市、区要落实责任。",
        "建立“一站式服务平台。",
    ],
)
def test_unbalanced_brackets_in_a_draft(text: str) -> None:
    assert any(r == "punct.pairs" for r, _ in rules(text))


def test_a_text_cut_mid_sentence_is_not_unbalanced() -> None:
    assert not rules("会议审议通过了《某市公共资源交易管理办法》《某市政府投资项目管理", prefix="punct.pairs")


# --- one document named two ways ----------------------------------------------------------------


def test_report_names_its_document_with_another_kind() -> None:
    text = (
        "关于《南湖市城市绿化档案管理办法（征求意见稿）》征求意见情况的说明\n"
        "市园林局就《南湖市城市绿化档案试行办法》公开征求意见，未收到意见。\n"
    )
    found = [f for f in check_text(text, kind="report") if f.rule == "names.variant"]
    assert len(found) == 1 and "试行办法" in found[0].message


def test_draft_calls_itself_by_another_kind() -> None:
    text = "某县农村公路养护管理办法\n第一条　为了加强农村公路养护，制定本办法。\n第二条　本规定适用于本县行政区域内的农村公路。\n"
    found = [f for f in check_text(text, kind="draft") if f.rule == "names.variant"]
    assert len(found) == 1 and found[0].suggestion == "本办法"


@pytest.mark.parametrize(
    "text",
    [
        "某县农村公路养护管理办法\n第一条　本办法适用于本县。本规划区内的道路另行规定。\n",
        "某市城市更新实施方案\n本方案自印发之日起施行。本实施方案由市住建局负责解释。\n",
        "关于《某市养犬管理条例》的说明\n《某市养犬管理条例实施细则》同步修订。\n",  # a document and its implementing rules
        "关于《某市公共资源交易管理办法》的说明\n依据《某省公共资源交易管理办法》制定。\n",  # another region's
        # an issuing notice carries the document: "本办法" is the carried 办法's name for itself
        "某县人民政府关于印发某县集贸市场管理办法的通知\n各乡镇：现将办法印发给你们。\n某县集贸市场管理办法\n第一条　制定本办法。\n",
    ],
)
def test_names_that_are_right(text: str) -> None:
    assert not rules(text, kind="draft" if "说明" not in text else "report", prefix="names.variant")


# --- what real texts do that is right -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "第十四条 重大行政决策方案草案公布后，应当听取意见。 第十五条 有下列情形之一的，应当举行听证会。",
        "第三章　审议决定　第十六条　重大行政决策应当经政府常务会议讨论决定。",
        "本报讯（记者 朱某某）12月14日，市政府召开常务会议，研究有关事项。",
        "以《深入学习法治思想 做好新时代行政复议工作》为题作讲座，内容丰富。",
        "其他单位逾期未反馈视作无意见。 二、征求社会公众意见情况，未收到意见。",
        "请于5月31日前反馈，联系人：王某某 联系电话：0771-1234567，邮箱：a@b.cn。",
    ],
)
def test_layout_spaces_of_real_texts_are_not_stray(text: str) -> None:
    assert not rules(text, prefix="artifact.space")


def test_a_stray_space_inside_a_sentence_is_still_found() -> None:
    assert rules("各单位要认真 落实本办法的各项规定。", prefix="artifact.space")


# --- a report is read as a report, a regulation as a draft ---------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("某镇关于村规民约修订的意见征集结果\n征集期间共收到村民意见5条，采纳3条，未采纳2条。\n", "report"),
        ("截至5月31日，共收到电子邮件3件、来信1封。\n以上建议经研究，建议（1）（3）采纳，建议（2）未采纳。\n", "report"),
        ("《某区养犬管理规定》征集意见反馈情况\n征求意见期间未收到意见。\n", "report"),
        ("法制委员会关于《某市物业管理条例（草案）》审议修改情况的报告\n根据常委会组成人员的审议意见，将草案第五条修改为……\n", "report"),
        ("某市物业管理条例\n第一条　为了规范物业管理活动，制定本条例。\n第二条　对公众提出的合理意见应当采纳，未予采纳的应当说明理由。\n", "draft"),
        ("某县农村人居环境整治实施方案\n一、总体要求\n坚持问题导向，广泛征求意见，推动各项任务落实。\n", "draft"),
    ],
)
def test_kind_detection(text: str, kind: str) -> None:
    from caina.core.checks import detect_kind
    from caina.core.checks.base import paragraphs_from_text

    assert detect_kind(paragraphs_from_text(text)) == kind


def test_a_list_of_opinions_without_any_answer_is_one_finding() -> None:
    text = "意见汇总\n1.县财政局提出：建议甲。\n2.县审计局提出：建议乙。\n3.县商务局提出：建议丙。\n"
    found = [f for f in check_text(text, kind="report") if f.rule == "report.decision"]
    assert len(found) == 1 and "3条意见" in found[0].message and found[0].severity.value == "warning"
