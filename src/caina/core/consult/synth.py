"""Synthetic public-comment sets with known truth, for tests and benchmarks.

A set is made against a real draft (its units): individual comments that cite an article (第十条, 第三条第二款,
a page/line locator, or the platform's per-article box), quote it, paraphrase it, or speak of the draft as a
whole; planted campaigns (one template, copied with a greeting, a signature, a name, a few words changed);
exact resubmissions (the same text again, typed with other spaces and marks); masked authors (朱**); mixed
channels and days. Every comment comes with its truth: campaign, the comment it duplicates, the unit it is
about and how it refers to it.

Deterministic for a seed; streaming (a generator), so a million comments never sit in memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from caina.core.consult.units import GENERAL, Units
from caina.core.numerals import to_chinese

__all__ = ["SynthComment", "SynthSettings", "Vocabulary", "generate", "COLUMNS", "TRUTH_COLUMNS"]

COLUMNS = ("id", "submitted_at", "author", "channel", "text", "clause")
TRUTH_COLUMNS = ("id", "campaign", "duplicate_of", "article", "how")


@dataclass(frozen=True, slots=True)
class SynthComment:
    id: str
    submitted_at: str
    author: str
    channel: str
    text: str
    clause: str
    # truth
    campaign: str  # "C03" or ""
    duplicate_of: str  # id of the comment this one repeats, or ""
    article: str  # unit label, or 总体
    how: str  # cited / quoted / similar / general

    def row(self) -> tuple[str, ...]:
        return (self.id, self.submitted_at, self.author, self.channel, self.text, self.clause)

    def truth(self) -> tuple[str, ...]:
        return (self.id, self.campaign, self.duplicate_of, self.article, self.how)


@dataclass(frozen=True, slots=True)
class SynthSettings:
    campaign_share: float = 0.35  # share of comments that are campaign copies
    campaigns: int = 0  # number of campaigns (0: about one per 2,000 comments, 3 to 60)
    duplicate_share: float = 0.04  # exact resubmissions
    start: date = date(2026, 3, 1)
    days: int = 30


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words the free-text parts of individual comments are made of: the more, the more the comments differ
    (the services layer passes jieba's dictionary: thousands of each); the defaults are a few dozen."""

    nouns: tuple[str, ...] = (
        "问题", "标准", "制度", "责任", "程序", "部门", "居民", "环境", "城市", "公园", "树木", "绿地", "资金", "管理",
        "监督", "规划", "社区", "物业", "企业", "政府", "经费", "设施", "道路", "河道", "学校", "医院", "草坪", "花木",
    )  # fmt: skip
    verbs: tuple[str, ...] = (
        "落实", "完善", "加强", "规范", "保障", "考虑", "协调", "推进", "调查", "评估", "公开", "处理", "解决", "改进",
    )  # fmt: skip
    adjectives: tuple[str, ...] = ("重要", "复杂", "困难", "合理", "必要", "明显", "严重", "突出", "具体", "清楚")
    adverbs: tuple[str, ...] = ("非常", "比较", "特别", "确实", "往往", "一直", "已经", "尤其", "还是", "仍然")


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞斌宇浩凯健俊帆帅旭宁龙林欣晨辰嘉琪雪婷倩慧颖佳"
_CHANNELS = (("网站", 0.84), ("电子邮件", 0.08), ("信函", 0.05), ("座谈会", 0.03))
_DISTRICTS = ("东城", "西城", "南湖", "北塘", "新华", "滨江", "高新", "城关", "河西", "青山", "龙泉", "金水", "锦江", "天河")
_PLACES = ("小区", "街道", "社区", "公园", "学校门口", "菜市场旁", "河边", "老厂区", "新区", "主干道两侧")
_ROLES = ("退休教师", "社区工作者", "园林工人", "物业经理", "大学生", "律师", "个体户", "环保志愿者", "人大代表", "工程师",
          "医生", "出租车司机", "居民", "公务员", "企业职工", "规划师", "记者", "农民", "快递员", "厨师")  # fmt: skip
_TREES = ("香樟", "梧桐", "银杏", "柳树", "槐树", "榕树", "桂花", "雪松", "水杉", "玉兰", "紫薇", "杨树")
_ACTIONS = ("明确", "细化", "提高", "降低", "放宽", "收紧", "补充", "删除", "调整", "统一", "量化", "公开")
_OBJECTS = ("审批时限", "补植标准", "罚款数额", "适用范围", "责任主体", "监督方式", "程序要求", "认定标准", "经费来源",
            "养护要求", "公示期限", "听证程序", "处理时限", "信息公开内容", "验收程序", "补偿标准")  # fmt: skip
_REASONS = (
    "否则执行中容易产生争议", "基层执法人员难以把握尺度", "这样更有利于保护市民的合法权益", "目前的规定过于原则",
    "实践中已经出现过类似纠纷", "其他城市已有成熟做法可以借鉴", "这关系到每一位居民的切身利益", "有利于提高行政效率",
    "可以减少不必要的审批环节", "能够更好地调动社会力量参与", "避免出现推诿扯皮的情况", "有助于形成长效管理机制",
)  # fmt: skip
_GENERAL = (  # about the draft as a whole; {n} {v} {a}: a noun, verb, adjective of the vocabulary
    "建议加快立法进度，{n}方面尽早{v}", "整体上赞成，希望{n}的配套细则同步制定", "建议增加对{n}的鼓励性规定",
    "条文关于{n}的表述还可以更{a}一些", "希望多听取{n}一线的意见", "建议对{n}开展定期评估",
    "希望出台后围绕{n}加强宣传", "建议与{n}有关的规划做好衔接", "总的来说{n}问题{a}，需要{v}",
)  # fmt: skip
_GREETINGS = ("尊敬的立法工作机构：", "您好！", "各位领导：", "尊敬的领导，您好！", "你好，", "尊敬的市人大常委会：", "")
_SIGNOFFS = ("此致敬礼！", "谢谢！", "望采纳。", "以上建议，请予采纳。", "感谢您的辛勤工作！", "")
_SWAPS = (("建议", "希望"), ("应当", "应该"), ("提高", "提升"), ("明确", "写明"), ("加强", "强化"), ("非常", "十分"),
          ("我们", "大家"), ("市民", "群众"), ("规定", "条款"), ("目前", "现在"), ("尽快", "及早"), ("严格", "从严"))  # fmt: skip


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _masked(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.06:
        return ""
    if r < 0.12:
        return "匿名"
    surname = rng.choice(_SURNAMES)
    if r < 0.2:
        return _name(rng)  # letters and meetings carry full names
    return surname + "*" * rng.choice((1, 2, 2))


def _channel(rng: random.Random) -> str:
    r = rng.random()
    acc = 0.0
    for name, share in _CHANNELS:
        acc += share
        if r < acc:
            return name
    return _CHANNELS[0][0]


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    for piece in text.replace("\n", "。").replace("；", "。").replace("，", "。").replace("：", "。").split("。"):
        piece = piece.strip()
        if len(piece) >= 14 and "\t" not in piece:
            out.append(piece)
    return out


class _Maker:
    def __init__(self, units: Units, rng: random.Random, locators: dict[int, str], vocabulary: Vocabulary) -> None:
        self.v = vocabulary
        self.units = units
        self.locators = locators
        self.rng = rng
        self.targets = [u for u in units.units if u.kind in ("article", "part", "attachment")]
        everything = {u.index: u.text for u in units.units}

        def unique(piece: str, owner: int) -> bool:  # only this unit has it: the truth is not ambiguous
            return not any(piece in text for i, text in everything.items() if i != owner)

        self.quotable = {
            u.index: [c for c in _clauses(u.text.split("　", 1)[-1]) if unique(c, u.index)] for u in self.targets
        }
        self.words = {u.index: self._topic_words(u.text, u.index, unique) for u in self.targets}

    @staticmethod
    def _topic_words(text: str, owner: int, unique: Callable[[str, int], bool]) -> list[str]:
        body = text.split("　", 1)[-1]
        if body.startswith("附件"):  # an attachment: its label and title are not what it says
            body = "。".join(body.split("\n")[2:]) or body
        pieces = [p for c in _clauses(body) for p in (c[i : i + 5] for i in range(0, len(c) - 4, 2))]
        good = [p for p in pieces if not any(ch in p for ch in "的和或、，。") and unique(p, owner)]
        return good or [body[:5]]

    def context(self) -> str:
        rng = self.rng
        return rng.choice(
            (
                f"我是{rng.choice(_DISTRICTS)}区的一名{rng.choice(_ROLES)}，",
                f"我在{rng.choice(_DISTRICTS)}{rng.choice(_PLACES)}住了{rng.randint(2, 40)}年，",
                f"我们{rng.choice(_DISTRICTS)}{rng.choice(_PLACES)}附近有{rng.randint(3, 300)}棵{rng.choice(_TREES)}，",
                f"作为一名{rng.choice(_ROLES)}，",
                f"{rng.randint(2005, 2025)}年我所在的{rng.choice(_PLACES)}遇到过{rng.choice(_OBJECTS)}方面的问题，",
                "",
            )
        )

    def free(self) -> str:
        """One sentence of the commenter's own words."""
        rng, v = self.rng, self.v
        n, vb, a, d = rng.choice(v.nouns), rng.choice(v.verbs), rng.choice(v.adjectives), rng.choice(v.adverbs)
        n2, n3 = rng.choice(v.nouns), rng.choice(v.nouns)
        return rng.choice(
            (
                f"{n}和{n2}之间的关系应当{vb}清楚",
                f"我觉得{n}{d}{a}，{vb}{n2}时要注意{n3}",
                f"比如{rng.choice(_DISTRICTS)}{rng.choice(_PLACES)}的{n}就{d}{a}",
                f"希望能把{n}{vb}起来，{n2}的事情不能{d}拖",
                f"{n}{d}{a}，{n2}也{d}需要{vb}",
                f"去年{rng.choice(_PLACES)}因为{n}的事{vb}了{rng.randint(2, 30)}次",
                f"有关{n}的{n2}{d}没有{vb}到位",
                f"要防止{n}影响{n2}",
            )
        )

    def opinion(self) -> str:
        rng = self.rng
        text = f"{rng.choice(('建议', '希望', '应当', '最好'))}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}"
        r = rng.random()
        if r < 0.25:
            text += f"，{rng.choice(_REASONS)}"
        elif r < 0.5:
            text += f"，具体可以规定为{rng.randint(2, 90)}{rng.choice(('日', '个工作日', '元', '株', '平方米'))}"
        return text

    def article_ref(self, unit_index: int) -> str:
        u = self.units.units[unit_index]
        rng = self.rng
        if u.kind == "article" and rng.random() < 0.25:
            return f"{u.label}第{to_chinese(rng.randint(1, 2))}款"
        if u.kind == "article" and rng.random() < 0.15:
            return f"第{u.number}条"
        return u.label

    def quote(self, unit_index: int) -> str:
        clauses = self.quotable.get(unit_index) or [self.units.units[unit_index].text[-20:]]
        c = self.rng.choice(clauses)
        if len(c) > 30:
            start = self.rng.randint(0, len(c) - 24)
            c = c[start : start + self.rng.randint(16, 28)]
        return c

    def individual(self, kind: str, target: int | None) -> tuple[str, str]:
        """(text, clause column) of a comment of ``kind`` about unit ``target``."""
        rng = self.rng
        ctx = self.context() + "，".join(self.free() for _ in range(rng.choice((2, 2, 3)))) + "。"
        if kind == "general" or target is None:
            v = self.v
            general = rng.choice(_GENERAL).format(n=rng.choice(v.nouns), v=rng.choice(v.verbs), a=rng.choice(v.adjectives))
            return f"{ctx}{general}，{self.opinion()}。", ""
        if kind == "cited":
            form = rng.random()
            ref = self.article_ref(target)
            if form < 0.15:
                return f"{ctx}{self.opinion()}。", self.units.units[target].label  # the platform's per-article box
            u = self.units.units[target]
            if form < 0.2 and u.kind == "article" and u.number + 1 in self.units.articles:
                other = self.units.label(self.units.articles[u.number + 1])
                return f"{ctx}{u.label}和{other}{rng.choice(('应当合并', '有重复', '衔接不够'))}，{self.opinion()}。", ""
            if form < 0.55:
                return f"{ctx}关于{ref}，{self.opinion()}。", ""
            if form < 0.75:
                return f"{ctx}{ref}中“{self.quote(target)}”的规定，{self.opinion()}。", ""
            if form < 0.85 and target in self.locators:
                return f"{ctx}草案{self.locators[target]}的规定，{self.opinion()}。", ""
            return f"{ctx}{ref}{rng.choice(('规定不够具体', '存在漏洞', '执行难度较大', '与实际脱节'))}，{self.opinion()}。", ""
        if kind == "quoted":
            return f"{ctx}草案中“{self.quote(target)}”这一规定，{self.opinion()}。", ""
        words = self.words[target]
        w1, w2 = rng.choice(words), rng.choice(words)
        return f"{ctx}对于{w1}的问题，{self.opinion()}，{self.free()}，{w2}也要考虑。", ""

    def template(self, target: int) -> tuple[str, str]:
        rng = self.rng
        kind = rng.choice(("cited", "cited", "quoted"))
        own = "，".join(self.free() for _ in range(2))
        if kind == "cited":
            body = (
                f"关于{self.units.units[target].label}，我们强烈{rng.choice(('建议', '要求', '呼吁'))}"
                f"{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}，{own}，"
                f"同时{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}，切实维护广大市民的权益。"
            )
        else:
            body = (
                f"草案中“{self.quote(target)}”的规定{rng.choice(('过于宽松', '过于严格', '不够明确', '缺乏可操作性'))}，"
                f"{own}，我们{rng.choice(('建议', '要求'))}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}。"
            )
        return body, kind

    def copy(self, body: str) -> str:
        rng = self.rng
        text = body
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            a, b = rng.choice(_SWAPS)
            text = text.replace(a, b, 1) if rng.random() < 0.5 else text.replace(b, a, 1)
        if rng.random() < 0.3:
            text = f"我是{_name(rng)}，" + text
        r = rng.random()
        if r < 0.15:  # a name inside the text
            cut = text.find("，") + 1
            text = text[:cut] + f"我和{_name(rng)}都认为，" + text[cut:]
        elif r < 0.3:  # words of one's own, which no pattern strips
            text = rng.choice(("致有关部门：", "关于这个问题，", "看了草案以后，", "说几句心里话，")) + text
        elif r < 0.4:
            text = text.rstrip("。") + rng.choice(("，这是我们小区居民的共同心声。", "，请认真考虑。", "（转自业主群）"))
        sign = rng.choice(_SIGNOFFS)
        if rng.random() < 0.4:
            sign += rng.choice(("——", "", "市民", "一名市民 ")) + _name(rng)
        return rng.choice(_GREETINGS) + text + sign


def generate(
    units: Units,
    n: int,
    seed: int = 9,
    settings: SynthSettings | None = None,
    locators: dict[int, str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> Iterator[SynthComment]:
    """``n`` comments about the draft whose units are ``units``, in submission order, with their truth.

    ``locators`` maps a unit to the page/line locator of its first line ("P3倒数第五行"), for comments that
    cite by page and line.
    """
    settings = settings or SynthSettings()
    rng = random.Random(seed)
    maker = _Maker(units, rng, locators or {}, vocabulary or Vocabulary())
    if not maker.targets:
        raise ValueError("the draft has no article, part or attachment to comment on")
    k = settings.campaigns or max(3, min(60, n // 2000))
    campaign_total = int(n * settings.campaign_share)
    weights = [1 / (i + 1) for i in range(k)]  # a few large campaigns, many small ones
    sizes = [max(3, int(campaign_total * w / sum(weights))) for w in weights]
    campaigns = []
    for c in range(k):
        about = rng.choice(maker.targets).index
        body, kind = maker.template(about)
        campaigns.append((f"C{c + 1:02d}", about, body, kind))
    plan = [c for c, size in enumerate(sizes) for _ in range(size)][:campaign_total]
    slots = [-1] * max(0, n - len(plan)) + plan
    rng.shuffle(slots)
    start = datetime(settings.start.year, settings.start.month, settings.start.day, 8, 0, 0)
    seen: list[SynthComment] = []  # recent individual comments, for resubmissions
    for i, slot in enumerate(slots):
        day = min(settings.days - 1, int(rng.triangular(0, settings.days, 0)))
        at = start + timedelta(days=day, seconds=rng.randint(0, 14 * 3600))
        ident = f"{i + 1:07d}"
        channel = _channel(rng)
        if slot >= 0:
            name, about, body, kind = campaigns[slot]
            yield SynthComment(ident, at.strftime("%Y-%m-%d %H:%M:%S"), _masked(rng), channel, maker.copy(body), "",
                               name, "", units.label(about), kind)  # fmt: skip
            continue
        if seen and rng.random() < settings.duplicate_share:
            original = rng.choice(seen)
            text = original.text
            if rng.random() < 0.5:  # typed again: other spaces and marks, same words
                text = text.replace("，", ", ", 1).replace("。", "．", 1) + rng.choice(("", " ", "！"))
            yield SynthComment(ident, at.strftime("%Y-%m-%d %H:%M:%S"), original.author, channel, text, original.clause,
                               "", original.id, original.article, original.how)  # fmt: skip
            continue
        r = rng.random()
        kind = "cited" if r < 0.45 else "quoted" if r < 0.65 else "similar" if r < 0.85 else "general"
        target = rng.choice(maker.targets).index if kind != "general" else None
        text, clause = maker.individual(kind, target)
        comment = SynthComment(ident, at.strftime("%Y-%m-%d %H:%M:%S"), _masked(rng), channel, text, clause, "", "",
                               units.label(target) if target is not None else GENERAL, kind)  # fmt: skip
        if len(seen) < 5000:
            seen.append(comment)
        elif rng.random() < 0.1:
            seen[rng.randrange(len(seen))] = comment
        yield comment
