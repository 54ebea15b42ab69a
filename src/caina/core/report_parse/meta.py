"""The review a report describes: meeting or consultation, date, chair, place, attendees, channels."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from caina.core.report_parse.changes import DOC_RE
from caina.core.report_parse.model import ReviewInfo
from caina.core.report_parse.text import NUM, split_list, to_int
from caina.core.report_parse.vocab import proposer_kind

_CN_DIGIT = "〇零一二三四五六七八九"
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<mo>{_MD})\s*月\s*(?P<d>{_MD})\s*日")
_DATE_NO_YEAR = re.compile(rf"(?P<mo>{_MD})\s*月\s*(?P<d>{_MD})\s*日")
_PERIOD = re.compile(rf"(?P<a>{DATE_RE.pattern})\s*(?:至|到|—|－|-|～|~)\s*(?P<b>(?:{_YEAR}\s*年\s*)?{_MD}\s*月\s*{_MD}\s*日)")
_SHORT = re.compile(r"[（(]以下简称\s*(《[^》]+》|“[^”]+”)\s*[)）]")
_MEETING = (
    re.compile(r"(?P<chair>[^，。、；在]{2,16}?)在(?P<place>[^，。；]{2,30}?)主持召开(?P<meeting>[^，。；]{2,40}?)[，,。]"),
    re.compile(r"(?P<chair>[^，。、；]{2,16}?)主持召开(?P<meeting>[^，。；]{2,40}?)[，,。]"),
    re.compile(r"(?P<meeting>[^，。；、]{2,20}?(?:常委会|常务委员会)第[^，。；]{1,8}次(?:全体)?会议)"),
    re.compile(r"(?:在(?P<place>[^，。；]{2,30}?))?(?:召开|举行)(?:的)?(?P<meeting>[^，。；、]{2,40}?(?:会议|常务会|会))"),
)
# the dateline of a report made to a meeting: "——2023年8月29日在青山市第十六届人民代表大会常务委员会第十三次会议上"
_DATELINE = re.compile(r"^(?P<date>.*?日)?\s*在(?P<meeting>[^，。；]{4,60}?(?:会议|会))上")
_ATTEND = re.compile(rf"(?:^|[，,：:。；])\s*(?P<list>[^，。；：]+?)等\s*(?P<n>{NUM})个(?:单位|部门)(?:的[^，。]{{0,10}})?(?:列席|参加|出席)")
_CONSULT = re.compile(
    rf"(?:征求(?!意见稿)(?:了)?|印送|分送|送|发送|发函)(?P<list>[^，。；：《》“”]+?)等\s*(?P<n>{NUM})个(?:单位|部门)"
)
_PROPOSERS = re.compile(rf"等\s*(?P<n>{NUM})个(?:单位|部门)(?:共|分别)?提出")
_LEADERS = re.compile(r"^(?:会上|其间|期间)?[，,]?\s*(?P<lead>(?:市|省|区|县|州)?领导)(?:和|、|及)")
_CHANNELS = re.compile(r"通过(?P<list>[^，。；]{2,60}?)等?(?:方式|渠道|途径|形式)")
_VIA = re.compile(r"通过(?P<list>[^，。；]{2,60}?)(?:公开|向社会|面向社会)")
_SITE = re.compile(
    r"在(?P<site>[^，。；]{2,60}?(?:网站|网|门户|平台|公众号|报|APP|客户端|栏目|专栏))(?:上)?(?:全文)?(?:公开|公布|发布|刊登|刊载|向社会)"
)
# a draft's stage, which names may carry or not: "（征求意见稿）" "(送审稿)" "（草案）"
_STAGE = re.compile(r"[（(][^（）()]{0,8}?(?:征求意见稿|送审稿|讨论稿|修订稿|修改稿|代拟稿|审议稿|草稿|草案)[)）]")
_OFFICE = (
    re.compile(r"同时[，,]\s*(?P<office>[^，。；]{2,20}?)在[^，。；]*?后"),
    re.compile(r"(?P<office>[^，。；]{2,20}?)(?:组织人员)?对[^，。；]*?(?:逐字逐句|逐字逐局|审核|校对)"),
    re.compile(
        r"(?P<office>[^，。；、]{2,20}?(?:局|委|办|厅|中心|办公室|委员会|联合会|协会))"
        r"(?=于|在|就|以|通过|书面|公开|向|征求|发函)[^。，]*?(?:公开征求|书面征求|征求)"
    ),
    re.compile(r"(?P<office>[^，。；、\d]{2,20}?(?:局|委|办|厅|中心|办公室|委员会))(?:于|在)[^。]*?(?:召开|组织|举行)"),
)
_KIND_PUBLIC = re.compile(r"公开征求|社会公众|向社会|网站|公众号|门户|网民|广大市民|市民群众|听证")
_KIND_WRITTEN = re.compile(r"书面征求|征求[^。]{0,30}?(?:单位|部门)|发函|征求意见函")


def iso(m: re.Match[str]) -> str | None:
    y = m.group("y")
    year = int(y) if y.isdigit() else int("".join(str(_CN_DIGIT.index(c) if c != "零" else 0) for c in y))
    mo, d = to_int(m.group("mo")), to_int(m.group("d"))
    if mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{year:04d}-{mo:02d}-{d:02d}"


def split_names(text: str) -> list[str]:
    names = []
    for n in split_list(text):
        n = n.strip()
        if n.startswith("“") and n.endswith("”") and n.count("“") == 1:
            n = n[1:-1]
        n = re.sub(r"^(?:其中|另外|此外|还有|会上|其间|同时)[，,]?", "", n)
        if n:
            names.append(n)
    return names


def doc_of_title(title: str) -> str:
    m = DOC_RE.search(title)
    if m:
        return m.group(0)
    t = re.sub(r"^关于", "", title)
    t = re.sub(r"(?:公开)?(?:征求意见)?(?:意见|建议)*(?:采纳|吸收采纳|吸收|处理|办理)(?:情况|结果).*$", "", t)
    t = re.sub(r"(?:的)?(?:公开征求意见|征求意见|修改)(?:情况)?(?:的)?(?:说明|报告)?$", "", t).strip()
    return f"《{t}》" if t else ""


def review_info(title: str, intro: str, tail: list[str], *, subtitle: str = "") -> tuple[ReviewInfo, list[str]]:
    """The review (meeting/consultation) described by the title, its dateline and the intro paragraphs."""
    info: ReviewInfo = {"kind": "", "meeting": "", "date": None, "time_of_day": "", "place": "", "chair": "",
                            "attendees": [], "channels": [], "period": None, "office": "", "doc_title": "",
                            "short_name": ""}  # fmt: skip
    warnings: list[str] = []
    title_doc = doc_of_title(title)
    docs = DOC_RE.findall(intro)
    sm = _SHORT.search(intro)
    if sm:
        info["short_name"] = sm.group(1) if sm.group(1).startswith("《") else f"《{sm.group(1).strip('“”')}》"
        named = [d for d in DOC_RE.finditer(intro) if d.end() <= sm.start()]
        intro_doc = named[-1].group(0) if named else ""
    elif title_doc and docs:  # the intro also names the legal basis: take the name closest to the title's
        intro_doc = max(docs, key=lambda d: fuzz.ratio(d, title_doc))
    else:
        intro_doc = docs[0] if docs else ""
    info["doc_title"] = title_doc or intro_doc
    if (title_doc and intro_doc and _STAGE.sub("", title_doc) != _STAGE.sub("", intro_doc)
            and fuzz.ratio(title_doc, intro_doc) >= 60):  # fmt: skip
        info["doc_title_in_text"] = intro_doc
        warnings.append(f"标题中的文件名{title_doc}与正文中的{intro_doc}不一致，已取标题中的写法")
    period = _PERIOD.search(intro)
    if period:
        a = DATE_RE.match(period.group("a"))
        b_text = period.group("b")
        b = DATE_RE.match(b_text)
        start = iso(a) if a else None
        if b:
            end = iso(b)
        else:
            bm = _DATE_NO_YEAR.match(b_text)
            end = None
            if start and bm:
                mo, d = to_int(bm.group("mo")), to_int(bm.group("d"))
                if mo and d:
                    end = f"{start[:4]}-{mo:02d}-{d:02d}"
        info["period"] = {"start": start, "end": end}
    dm = DATE_RE.search(intro)
    if dm:
        info["date"] = iso(dm)
        tm = re.match(r"\s*(上午|下午|晚上|中午|晚)", intro[dm.end() :])
        if tm:
            info["time_of_day"] = tm.group(1)
    for pattern in _MEETING:
        mm = pattern.search(intro)
        if mm:
            gd = mm.groupdict()
            chair = (gd.get("chair") or "").strip()
            chair = re.sub(rf"^.*?(?:{DATE_RE.pattern})(?:上午|下午|晚上|中午|晚)?[，,]?", "", chair)
            info["chair"] = chair
            info["place"] = (gd.get("place") or "").strip()
            info["meeting"] = gd["meeting"].strip()
            break
    dl = _DATELINE.match(subtitle)
    if dl:  # the meeting the report is made to, and its date, come first
        info["meeting"] = dl.group("meeting").strip()
        dd = DATE_RE.search(dl.group("date") or "")
        if dd:
            info["date"] = iso(dd)
    am = _ATTEND.search(intro)
    if am:
        info["attendees"] = split_names(am.group("list"))
        n = to_int(am.group("n"))
        if n is not None and n != len(info["attendees"]):
            warnings.append(f"列席单位列出{len(info['attendees'])}个，而文中说“{n}个单位”")
    cm = _CONSULT.search(intro)
    if cm:
        info["consulted"] = split_names(cm.group("list"))
    pm = _PROPOSERS.search(intro)
    if pm:
        clause = re.split(r"[，。；：:]", intro[max(0, pm.start() - 300) : pm.start()])[-1]
        lm = _LEADERS.match(clause)
        if lm:
            info["proposers_listed_leaders"] = lm.group("lead")
            clause = clause[lm.end() :]
        info["proposers_listed"] = split_names(clause)
    channels: list[str] = []
    for chm in _CHANNELS.finditer(intro):
        channels += [re.sub(r"的$", "", c) for c in split_names(chm.group("list"))]
    if not channels:
        for chm in _VIA.finditer(intro):
            channels += split_names(chm.group("list"))
    for sm2 in _SITE.finditer(intro):
        for site in split_names(re.sub(r"[（(][\x00-\x7f]*[)）]", "", sm2.group("site"))):  # "门户网站（www.…）"
            if not any(site in c for c in channels):  # "在区政府门户网站公开征求意见" already names it
                channels.append(site)
    info["channels"] = channels
    for pattern in _OFFICE:
        om = pattern.search(intro)
        if om:
            office = re.sub(r"^(?:会后|会上|其间|同时|此外)[，,]?", "", om.group("office").strip())
            office = re.sub(r"(?:在|于)?(?:会后|会上|随后|其后|事后)$", "", office)  # "县农业农村局会后对……校对"
            if proposer_kind(office) == "unit":
                info["office"] = office
                break
    if "常务会" in info["meeting"] or ("常务会议" in intro[:200] and info["meeting"]):
        info["kind"] = "常务会审议"
    elif info["meeting"] and "审议" in intro:
        info["kind"] = "会议审议"
    elif _KIND_PUBLIC.search(intro) or _KIND_PUBLIC.search(title):
        info["kind"] = "公开征求意见"
    elif info["meeting"]:
        info["kind"] = "会议审议"
    elif _KIND_WRITTEN.search(intro) or "征求" in title:
        info["kind"] = "书面征求意见"
    issuer, issued = _signature(tail)
    if issuer:
        info["issuer"] = issuer
        if not info["office"]:
            info["office"] = issuer
    if issued:
        info["issued"] = issued
    if not info["office"]:
        om2 = re.search(r"(?P<office>[^，。；、\d]{2,20}?(?:局|委|办|厅|中心|办公室|委员会))(?:会同|牵头|负责)", intro)
        if om2:
            info["office"] = om2.group("office")
    return info, warnings


def _signature(tail: list[str]) -> tuple[str, str | None]:
    """The issuing body and date at the end ("××市司法局" / "2023年6月20日")."""
    issuer, issued = "", None
    for line in tail[-4:]:
        s = line.strip()
        dm = DATE_RE.fullmatch(s)
        if dm:
            issued = iso(dm)
            continue
        if 2 <= len(s) <= 30 and not re.search(r"[，。；：:！？]", s) and proposer_kind(s) == "unit":
            issuer = s
    return issuer, issued
