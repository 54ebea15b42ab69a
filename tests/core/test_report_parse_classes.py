"""Issue 10, "Reports written elsewhere": each class of real-world writing, on new sentences written for it.

The fixture reports (tests/fixtures/reports/web_*, prose_*, npc_revision*, counts_*,
call_for_comments, traditional_mirror, items_no_decisions) cover whole reports; these
tests pin each class down on short inputs in several styles.
"""

from __future__ import annotations

import pytest

from caina.core.report_parse import parse_report, to_json
from caina.core.report_parse.collective import collective, inline_items
from caina.core.report_parse.counts import find_counts
from caina.core.report_parse.webtables import join_web_tables
from caina.core.webtext import drop_pinyin, fullwidth, is_chrome, split_run_on


def counts(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in find_counts(text, 1):
        out.setdefault(c.key, c.value)
    return out


def ops(text: str) -> list[tuple[int | None, str, str | None]]:
    return [(o["number"], o["proposer"], o["decision"]) for o in to_json(parse_report(text))["opinions"]]


# --- counts: other nouns, qualifiers, collective decisions, none came in ----------------------


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("征集期间共收到群众来信7封。", "received", 7),
        ("共收到各类线索12条，均已转交有关部门核查。", "received", 12),
        ("期间收到有效反馈意见9条。", "received", 9),
        ("平台共接到网民留言33条。", "received", 33),
        ("征集到意见建议二十六条。", "received", 26),
        ("共收到各单位和社会公众的意见建议，共计12条。", "received", 12),
        ("经梳理，共14条有效意见。", "opinions", 14),
        ("共有15人次参与，提出意见建议20条。", "opinions", 20),
        ("暂缓采纳2条。", "not_adopted", 2),
        ("经梳理归并为11条意见。", "opinions", 11),
        ("合并整理后共6条。", "opinions", 6),
        ("对收到的5条建议均予以采纳。", "adopted", 5),
        ("其余3条意见均不予采纳。", "not_adopted", 3),
        ("转有关部门参阅4条。", "referred", 4),
        ("转相关部门研究办理的意见2条。", "referred", 2),
        ("已体现的意见3条。", "already_reflected", 3),
        ("共办理人大代表建议批评和意见46件。", "received", 46),
        ("B类（正在解决或列入计划解决的）12件。", "class:B类", 12),
        ("列入计划逐步解决的8件（乙类）。", "class:乙类", 8),
        ("5家单位反馈无修改意见。", "no_opinion_units", 5),
        ("书面征询了区直12家单位的意见。", "consulted_units", 12),
    ],
)
def test_count_wordings(text: str, key: str, value: int) -> None:
    assert counts(text).get(key) == value, find_counts(text, 1)


@pytest.mark.parametrize(
    "text",
    [
        "公示期内未收到任何意见。",
        "截至征求意见结束，没有收到单位和个人的反馈意见。",
        "征求意见期间无单位和个人提出意见。",
        "共收到意见零条。",
        "网站共收到留言0条。",
        "期间未接到群众留言。",
    ],
)
def test_every_way_of_saying_none_came_in(text: str) -> None:
    assert counts(text).get("received") == 0, find_counts(text, 1)


def test_one_units_opinions_are_not_the_reports_total() -> None:
    found = find_counts("县水务公司提出4条意见，以上意见均已采纳；县财政局、县审计局共提出意见3条。", 1)
    scopes = {(c.key, c.value): c.scope for c in found}
    assert scopes[("opinions", 4)] == "proposer" and scopes[("adopted", 4)] == "proposer"
    assert scopes[("opinions", 3)] == "report"


def test_channels_listed_after_the_total() -> None:
    assert counts("共收到网站留言12条，热线电话来电5次，信函2件。") == {
        "received": 12,
        "channel:热线电话来电": 5,
        "channel:信函": 2,
    }


# --- web copies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "您现在的位置：首页 > 政务公开 > 征求意见",
        "首页 » 互动交流 » 意见征集",
        "来源：县发展改革局　发布时间：2024-03-02 09:15",
        "【打印本页】【关闭窗口】",
        "扫一扫在手机上打开",
        "上一篇：关于开展安全生产检查的通知",
        "版权所有：某县人民政府办公室　备案号：X ICP备12345678号",
        "浏览次数：1024",
    ],
)
def test_page_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "《某市无障碍环境建设办法（征求意见稿）》征求意见采纳情况",
        "时间：2024年5月6日上午，地点：区政府三楼会议室。",
        "来源单位提出：建议增加……。",
        "共收到意见5条，均已采纳。",
    ],
)
def test_document_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_pinyin_glosses_go_and_latin_brackets_stay() -> None:
    assert drop_pinyin("國(guó)土空間規(guī)劃(2021-2035年)") == ("國土空間規劃(2021-2035年)", 2)
    assert drop_pinyin("附件(a)和标准(GB/T 9704)")[1] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月1日,县财政局就《办法》征求意见:共收到2条。", "2024年3月1日，县财政局就《办法》征求意见：共收到2条。"),
        ("各县(市、区)都要落实;是否可行?", "各县（市、区）都要落实；是否可行？"),
        ("会议于9:30开始,预算1,000万元,见http://a.gov.cn", "会议于9:30开始，预算1,000万元，见http://a.gov.cn"),
        ("将“甲,乙”修改为“丙”,并在《规定(试行)》中", "将“甲,乙”修改为“丙”，并在《规定(试行)》中"),
        ("依据(GB/T 9704-2012)执行", "依据(GB/T 9704-2012)执行"),
    ],
)
def test_half_width_read_as_full_width_quotes_kept(text: str, expected: str) -> None:
    assert fullwidth(text) == expected
    assert len(fullwidth(text)) == len(text)


def test_paragraphs_run_together_are_split_at_headings() -> None:
    line = "现将有关情况说明如下： 一、征求意见情况 2024年5月，县卫健局书面征求了各乡镇的意见。 二、采纳情况 共收到意见3条。"
    assert split_run_on(line) == [
        "现将有关情况说明如下：",
        "一、征求意见情况",
        "2024年5月，县卫健局书面征求了各乡镇的意见。",
        "二、采纳情况",
        "共收到意见3条。",
    ]


def test_cells_one_a_line_with_a_lost_merged_cell() -> None:
    lines = ["序号", "提出单位", "意见", "是否采纳", "1", "县财政局", "建议甲。", "是",
             "2", "建议乙。", "否", "3", "县审计局", "建议丙。", "是", "以上情况特此说明。"]  # fmt: skip
    out, warnings = join_web_tables(lines)
    assert len(out) == len(lines)
    assert [x for x in out if x] == [
        "| 序号 | 提出单位 | 意见 | 是否采纳 |",
        "| 1 | 县财政局 | 建议甲。 | 是 |",
        "| 2 |  | 建议乙。 | 否 |",
        "| 3 | 县审计局 | 建议丙。 | 是 |",
        "以上情况特此说明。",
    ]
    assert len(warnings) == 1 and "第9行" in warnings[0]
    parsed = ops("\n".join(lines))
    assert parsed == [(1, "县财政局", "adopted"), (2, "县财政局", "not_adopted"), (3, "县审计局", "adopted")]


def test_a_run_of_short_headings_is_not_a_table() -> None:
    lines = ["一、基本情况", "二、意见建议", "三、采纳情况", "共收到意见2条。"]
    assert join_web_tables(lines)[0] == lines


def test_tab_separated_rows_with_blank_lines_between() -> None:
    text = "反馈单位\t反馈意见\t处理意见\t原因说明\n\n县交通局\t建议增设公交站。\t采纳\t\n\n县城管局\t建议取消摊位。\t不采纳\t影响群众生活。\n"
    assert ops(text) == [(None, "县交通局", "adopted"), (None, "县城管局", "not_adopted")]


# --- prose: one sentence, a decision after, numbered inside one sentence, grouped -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("针对有商户提出的延长夜市经营时间的建议，已予以采纳，将营业时间延长至23时。", ("有商户", "adopted")),
        ("对于有居民反映的停车难问题，暂不采纳，因涉及规划调整，需另行论证。", ("有居民", "not_adopted")),
        ("关于县交通局提出的增设公交站点的意见，部分采纳，考虑到道路条件，只在两处增设。", ("县交通局", "partially_adopted")),
    ],
)
def test_opinion_and_answer_in_one_sentence(text: str, expected: tuple[str, str]) -> None:
    ((_n, proposer, decision),) = ops("征求意见采纳情况\n现将采纳情况说明如下：\n" + text)
    assert (proposer, decision) == expected


def test_answer_in_the_next_paragraph_in_several_wordings() -> None:
    text = (
        "意见处理情况\n县住建局提出：建议明确物业费的调整程序。\n经认真研究，此条意见已采纳。\n"
        "县市场监管局提出：建议公示收费标准。\n对此，我局予以采纳。\n"
        "县城管局提出：建议将第九条删去。\n该意见未予采纳，第九条是上位法的要求。\n"
    )
    assert ops(text) == [(None, "县住建局", "adopted"), (None, "县市场监管局", "adopted"), (None, "县城管局", "not_adopted")]


def test_decision_clause_inside_the_opinion_sentence() -> None:
    text = "审议结果的报告\n一、有的委员提出，第五条中“应当”一词过严，建议修改为“可以”，法制委员会经研究，采纳了这一意见。\n"
    assert ops(text) == [(1, "有的委员", "adopted")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建议（1）（3）采纳，建议（2）不予采纳", [([1, 3], "adopted"), ([2], "not_adopted")]),
        ("第1至3条予以采纳，第4条已有体现", [([1, 2, 3], "adopted"), ([4], "already_reflected")]),
        ("其中第1、3条已吸收，第2条因超出本办法范围，未予采纳", [([1, 3], "adopted"), ([2], "not_adopted")]),
        ("上述意见均已采纳", [(None, "adopted")]),
        ("以上2条建议均不予采纳，理由：与上位法不一致", [(None, "not_adopted")]),
    ],
)
def test_collective_decisions(text: str, expected: list[tuple[list[int] | None, str]]) -> None:
    assert [(n, dm.value) for n, dm, _reason in collective(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "将第十二页倒数第三行“每年”修改为“每半年”，予以采纳",  # a page locator is no item number
        "对第十四条中“应当”一词，建议采纳专家意见",
        "根据《条例》第九条规定，予以保留",
    ],
)
def test_not_collective(text: str) -> None:
    assert collective(text) == []


def test_several_numbered_opinions_inside_one_sentence() -> None:
    text = "区城管局提出3条意见：一是建议增加夜间施工的审批程序；二是建议明确噪声监测点位；三是建议加大处罚力度，以上意见均已吸收采纳。"
    items = inline_items(text, 1)
    assert [(b.number, b.proposer) for b in items] == [(1, "区城管局"), (2, "区城管局"), (3, "区城管局")]
    assert all(b.decision for b in items)


def test_a_channel_list_is_not_a_list_of_opinions() -> None:
    text = "公众可通过以下方式提出意见：（1）登录县政府网站；（2）发送电子邮件；（3）信函寄至县司法局。"
    assert inline_items(text, 1) == []
    report = "关于征求意见的公告\n" + text + "\n1.登录县政府网站留言；\n2.电子邮箱：a@b.cn。\n"
    assert ops(report) == []


def test_grouped_opinions_with_one_decision_each_group() -> None:
    text = (
        "意见采纳情况\n（一）关于收费标准（2条）\n1.王**：建议降低收费标准。\n2.李**：建议按月收费。\n"
        "处理意见：以上意见均予采纳。\n（二）关于服务时间（1条）\n1.张**：建议延长服务时间至晚上10点。\n"
        "处理意见：上述意见不予采纳，理由：夜间服务人员难以保障。\n"
    )
    assert ops(text) == [(1, "王**", "adopted"), (2, "李**", "adopted"), (1, "张**", "not_adopted")]


# --- a legislature's revision report; regulation texts -----------------------------------------


def test_revision_items_with_article_locators() -> None:
    text = (
        "关于《某某条例（草案）》审议修改情况的报告\n现将主要修改情况报告如下：\n"
        "一、根据常委会组成人员的审议意见，将草案第十条第一款中的“三十日”修改为“十五日”。\n"
        "二、根据市司法局的意见，删去草案第二十一条中的“原则上”。\n"
    )
    data = to_json(parse_report(text))
    assert [(o["proposer"], o["decision"]) for o in data["opinions"]] == [
        ("常委会组成人员", "adopted"),
        ("市司法局", "adopted"),
    ]
    assert data["opinions"][0]["edits"][0]["locator"] == "第十条第一款"


def test_regulation_text_gives_no_opinions() -> None:
    text = "第五条　起草单位应当对公众提出的意见进行研究。\n第六条　对合理意见应当采纳；未予采纳的，应当说明理由。\n（一）意见汇总；\n（二）采纳情况。\n"
    data = to_json(parse_report(text))
    assert data["opinions"] == [] and any("条文" in w for w in data["warnings"])


# --- silence is never the answer ---------------------------------------------------------------


def test_every_line_not_understood_is_a_warning_with_its_line() -> None:
    text = "意见采纳情况\n| 序号 | 提出单位 | 意见 | 是否采纳 |\n| 1 | 县财政局 | 建议甲。 | 是 |\n某某某某某某，某某某某。\n"
    data = to_json(parse_report(text))
    assert any(w.startswith("第4行") for w in data["warnings"])
    assert data["unparsed"] == [{"line": 4, "text": "某某某某某某，某某某某。"}]


# --- more ways offices lay out items --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # topic headings, "意见内容：" and "采纳情况：" lines
            "意见采纳情况\n一、关于补贴标准的意见\n意见内容：建议提高补贴标准。\n采纳情况：采纳。\n"
            "二、关于申报时间的意见\n意见内容：建议延长申报时间。\n采纳情况：不予采纳。\n理由：申报时间由省里统一规定。\n",
            [(None, "", "adopted"), (None, "", "not_adopted")],
        ),
        (  # the proposer in brackets after the opinion, under decision headings
            "意见采纳情况\n一、采纳的意见\n1.建议增加夜间巡查频次。（县公安局）\n2.建议公开投诉电话。（县市场监管局）\n"
            "二、未采纳的意见\n1.建议取消收费。（王**）理由：收费依据上位法设定。\n",
            [(1, "县公安局", "adopted"), (2, "县市场监管局", "adopted"), (1, "王**", "not_adopted")],
        ),
        (  # "建议1：……回复：……"
            "意见采纳情况\n建议1：将第五条中的“三日”修改为“五日”。回复：已采纳。\n建议2：增加听证程序。回复：不予采纳，本办法不涉及行政许可。\n",
            [(1, "", "adopted"), (2, "", "not_adopted")],
        ),
        (  # "反馈意见：" / "处理意见：" pairs
            "意见采纳情况\n反馈意见：建议增设公交站点。\n处理意见：采纳。\n反馈意见：建议取消停车收费。\n处理意见：不采纳，停车收费是调节需求的手段。\n",
            [(None, "", "adopted"), (None, "", "not_adopted")],
        ),
        (  # the decision first, in brackets
            "意见采纳情况\n【采纳】建议明确申报材料清单。\n【不采纳】建议取消年审。理由：年审是法定程序。\n",
            [(None, "", "adopted"), (None, "", "not_adopted")],
        ),
        (  # the answer on its own line after each opinion
            "意见采纳情况\n1.县财政局：建议明确资金来源。\n采纳。\n2.县审计局：建议增加审计条款。\n不采纳。审计由审计法规定。\n",
            [(1, "县财政局", "adopted"), (2, "县审计局", "not_adopted")],
        ),
        (  # a table whose cells are separated by spaces (copied from a PDF)
            "关于某县停车管理办法征求意见采纳情况\n共收到意见3条。\n序号 反馈人 意见内容 是否采纳 理由\n1 王** 建议夜间免费停车。 是\n"
            "2 县城管局 建议增设停车位。 部分 用地有限，只在两处增设。\n3 李** 建议取消收费。 否 收费是调节需求的手段。\n特此说明。\n",
            [(1, "王**", "adopted"), (2, "县城管局", "partially_adopted"), (3, "李**", "not_adopted")],
        ),
        (  # other offices' words: 采用 / 不予采用 / 维持原表述, 同意 in a 是否采纳 column
            "意见处理情况\n| 序号 | 意见来源 | 意见摘要 | 处理结果 |\n|---|---|---|---|\n| 1 | 县水利局 | 建议甲。 | 予以采用 |\n"
            "| 2 | 县林业局 | 建议乙。 | 维持原表述 |\n| 3 | 县农业局 | 建议丙。 | 同意 |\n",
            [(1, "县水利局", "adopted"), (2, "县林业局", "not_adopted"), (3, "县农业局", "adopted")],
        ),
        (  # a topic, who proposed, and "经研究，……" in one paragraph
            "意见采纳情况\n（一）关于开放时间的问题。有市民建议延长公园开放时间。经研究，予以采纳。\n"
            "（二）关于宠物入园的问题。有市民建议允许宠物入园。经研究，不予采纳，主要考虑公共安全。\n",
            [(1, "有市民", "adopted"), (2, "有市民", "not_adopted")],
        ),
        (  # a legislature-style public report: "……，条例不作规定。" is an answer too
            "关于《某市停车条例（草案）》公开征求意见情况的报告\n一、基本情况\n2024年3月，共收到意见建议35条。\n二、主要意见及处理情况\n"
            "（一）关于收费标准。有的市民提出，收费标准过高。经研究，收费标准由价格主管部门制定，条例不作规定。\n"
            "（二）关于泊位共享。有的单位建议鼓励机关单位停车场向社会开放。经研究，采纳了这一意见，增加第二十条。\n",
            [(1, "有的市民", "not_adopted"), (2, "有的单位", "adopted")],
        ),
        (  # topics without proposers, answers in the same paragraph
            "征求意见情况说明\n共收到意见3条，现说明如下：\n1.关于扩大适用范围。已采纳。\n2.关于明确部门职责。已采纳，在第四条中作了明确。\n"
            "3.关于提高处罚标准。未采纳，处罚标准由上位法规定。\n",
            [(1, "", "adopted"), (2, "", "adopted"), (3, "", "not_adopted")],
        ),
    ],
)
def test_item_layouts(text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert ops(text) == expected


# --- an answer sentence after the opinion that opens with 该意见/已部分…; a topic before the proposer ---


def test_answer_sentence_opening_with_the_opinion_named_or_a_partial_decision() -> None:
    text = (
        "关于对《某县停车场建设管理规定（征求意见稿）》意见采纳情况的说明\n"
        "一、关于泊位数量。有居民建议提高新建小区泊位配建标准。该建议已采纳，将第七条中“每户1个”修改为“每户1.2个”。\n"
        "二、关于收费。某镇政府提出夜间停车应当免费。已部分采纳，在第十五条增加“夜间可以减免”，免费不作统一规定。\n"
        "三、关于执法。县交警大队提出加大违停处罚力度。经研究，该意见不予采纳，处罚标准由上位法规定。\n"
    )
    assert ops(text) == [(1, "有居民", "adopted"), (2, "某镇政府", "partially_adopted"), (3, "县交警大队", "not_adopted")]


def test_a_topic_heading_before_the_proposer_in_a_numbered_item() -> None:
    text = "材料\n（一）资金拨付问题：县审计局提出应明确拨付时限。已采纳。\n（二）关于监督。县监察委建议增加公示环节。未予采纳。\n"
    assert [(p, d) for _n, p, d in ops(text)] == [("县审计局", "adopted"), ("县监察委", "not_adopted")]


def test_the_valid_count_among_those_received_is_the_opinions_count() -> None:
    got = counts("期间共收到社会各界留言15条，其中有效建议12条，采纳5条。")
    assert got["received"] == 15 and got["opinions"] == 12
    assert not any(k.startswith("channel:") for k in got)


def test_a_units_numbered_opinions_answered_by_number_in_the_same_paragraph() -> None:
    text = (
        "关于《镇农贸市场管理规定（草稿）》征求意见情况\n"
        "共征求5个单位意见，2个单位提出意见3条。\n"
        "镇财政所认为：（1）第四条摊位费应当公示；（2）第九条“每年检查一次”改为“每季度检查一次”。"
        "经研究，第（1）条予以采纳；第（2）条不予采纳，理由是人手不足。\n"
        "镇派出所提出：建议增加消防通道的规定。已采纳。\n"
    )
    assert [(p, d) for _n, p, d in ops(text)] == [
        ("镇财政所", "adopted"), ("镇财政所", "not_adopted"), ("镇派出所", "adopted")
    ]
    got = to_json(parse_report(text))
    assert got["opinions"][1]["reason"] == "人手不足"
    assert not any("逐条数得" in w for w in got["warnings"])


def test_a_legislatures_report_of_the_main_changes_closes_without_noise() -> None:
    text = (
        "关于《××县河道管理办法（草案）》修改情况的说明\n"
        "县人大常委会：\n"
        "草案公布后，共收到意见建议41条。法制委员会根据各方面意见对草案进行了审议，现将主要修改情况说明如下：\n"
        "一、有的委员提出，应当明确河道保洁责任。法制委员会经研究，建议在草案第八条中增加“河道保洁实行分段负责”。\n"
        "二、有的群众建议放宽采砂许可。法制委员会经研究认为，采砂许可的条件已由省水利厅统一规定，本办法不宜作出规定，因此未予采纳。\n"
        "草案修改稿已按照上述意见作了修改。\n"
        "以上说明，请审议。\n"
    )
    got = to_json(parse_report(text))
    assert [(o["proposer"], o["decision"]) for o in got["opinions"]] == [("有的委员", "adopted"), ("有的群众", "not_adopted")]
    assert got["warnings"] == []  # the closing lines are not opinions; 41 is not recounted from the main points
    assert got["stated_counts"]["received"] == 41
    assert got["opinions"][1]["reason"] == "采砂许可的条件已由省水利厅统一规定，本办法不宜作出规定"  # the decision words are not the reason


def test_the_reports_own_summary_after_a_web_table_is_not_the_last_rows_reason() -> None:
    text = (
        "关于《某镇集贸市场管理办法》征求意见采纳情况\n"
        "序号\n意见内容\n处理情况\n说明\n\n"
        "1\n建议延长营业时间\n不采纳\n与周边居民休息冲突\n\n"
        "2\n增设公共厕所\n采纳\n\n"
        "公示期间共收到意见2条，采纳1条，不采纳1条。\n"
    )
    got = to_json(parse_report(text))
    assert [(o["decision"], o["reason"]) for o in got["opinions"]] == [
        ("not_adopted", "与周边居民休息冲突"), ("adopted", "")
    ]
    assert got["stated_counts"] == {"received": 2, "adopted": 1, "not_adopted": 1}
