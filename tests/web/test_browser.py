"""The review in a real browser: Playwright driving Debian's Chromium (no browser download).

A reviewer selects a sentence on page 3 of the Baise draft and files an opinion whose locator reads
P3倒数第五行; the owner decides it, adds and applies the edit, sees the redline and downloads a report that
contains it. Screenshots of the main pages go to $CAINA_SCREENSHOTS (docs/screenshots/ when regenerating
them for the docs) or a temporary directory.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.desk_fixtures import EXAMPLE, PASSWORD, Template, free_port, need
from tests.web.live import LiveServer

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SENTENCE = "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"


@pytest.fixture(scope="module")
def live(sqlite_template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, int]]:
    from caina.services.desk import accounts, reviews
    from caina.store import Store

    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "live.db"
    shutil.copyfile(sqlite_template.url.removeprefix("sqlite:///"), db)
    store = Store(str(db))
    owner = accounts.user(store, "kezhiju")
    rid = reviews.create_review(store, owner, (EXAMPLE / "draft.txt").read_bytes(), "送审稿.txt",
                                {"review": {"kind": "常务会审议", "meeting": "四届56次政府常务会", "office": "市科知局",
                                            "date": "2019-01-17", "chair": "周异决市长"}})  # fmt: skip
    reviews.add_member(store, owner, rid, "caizhengju", "reviewer", "市财政局")
    reviews.set_phase(store, owner, rid, "open")
    store.dispose()
    server = LiveServer(f"sqlite:///{db}", free_port(), log=tmp / "server.log").start()
    try:
        yield server, rid
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("playwright is not installed: pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        need(f"{CHROMIUM} is missing: apt-get install chromium (scripts/install-system.sh)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


def shots() -> Path:
    target = Path(os.environ.get("CAINA_SCREENSHOTS") or Path(os.environ.get("TMPDIR", "/tmp")) / "caina-web-screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def login(browser: Any, base: str, username: str) -> Any:
    page = browser.new_page(viewport={"width": 1360, "height": 1000}, locale="zh-CN")
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD.format(username))
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def select_text(page: Any, text: str) -> None:
    """Drag the mouse over ``text`` in the page view, as a person selects it."""
    box = page.evaluate(
        """(text) => {
            const spans = [...document.querySelectorAll('.sheet span.t')];
            // the sentence may run over two lines: find where it starts and where it ends
            let joined = '', map = [];
            for (const s of spans) { const node = s.firstChild; for (let i = 0; i < node.length; i++) { joined += node.data[i]; map.push([node, i]); } }
            const at = joined.indexOf(text);
            const [n0, i0] = map[at], [n1, i1] = map[at + text.length - 1];
            const r0 = document.createRange(); r0.setStart(n0, i0); r0.setEnd(n0, i0 + 1);
            const r1 = document.createRange(); r1.setStart(n1, i1); r1.setEnd(n1, i1 + 1);
            const a = r0.getBoundingClientRect(), b = r1.getBoundingClientRect();
            return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
        }""",
        text,
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, box["y1"], steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def test_reviewer_to_report(live: tuple[LiveServer, int], browser: Any) -> None:
    server, rid = live
    base = server.base
    out = shots()

    reviewer = login(browser, base, "caizhengju")
    reviewer.goto(f"{base}/reviews/{rid}/pages/3")
    select_text(reviewer, SENTENCE)
    assert reviewer.input_value("#f-locator") == "P3倒数第五行"
    assert reviewer.input_value("#f-quote") == SENTENCE
    reviewer.fill("#f-text", "建议聚焦我市现实急需突破的技术，改为“开展高品质铝合金大规格铸锭制备及产业化技术攻关”。")
    reviewer.screenshot(path=str(out / "page-view.png"), full_page=True)
    reviewer.click("#opinion-form button[type=submit]")
    reviewer.wait_for_selector(".flash")
    assert "已提交意见1（P3倒数第五行）" in reviewer.inner_text(".flash")
    # answered in place (htmx): still on page 3, the page's opinions listed, a fresh form for the next one
    assert reviewer.url.endswith(f"/reviews/{rid}/pages/3") and reviewer.input_value("#f-text") == ""
    assert reviewer.inner_text("aside ul.mini").startswith("意见1")
    # a refused filing shows why above the form and keeps what was typed
    reviewer.fill("#f-quote", "草案里没有这句话")
    reviewer.fill("#f-text", "这条意见的文字不应丢失")
    reviewer.click("#opinion-form button[type=submit]")
    reviewer.wait_for_selector("#compose-msg .error")
    assert "引文未在草案中找到：“草案里没有这句话”" in reviewer.inner_text("#compose-msg")
    assert reviewer.input_value("#f-text") == "这条意见的文字不应丢失"
    assert not reviewer.query_selector("#compose .flash")  # the last filing's confirmation gave way to the reason
    reviewer.screenshot(path=str(out / "page-refused.png"), full_page=True)

    owner = login(browser, base, "kezhiju")
    owner.goto(f"{base}/reviews/{rid}/opinions")
    row = owner.locator("table.opinions tbody tr").first
    assert "P3倒数第五行" in row.inner_text()
    row.locator("select[name=decision]").select_option("adopted")
    row.locator("button").click()
    owner.wait_for_selector("table.opinions .ok")
    owner.screenshot(path=str(out / "opinions.png"), full_page=True)

    owner.goto(f"{base}/reviews/{rid}/edits")
    owner.fill("input[name=quote]", "铝焊丝、防爆铝膜等中高端铝精深加工技术")
    owner.fill("input[name=new]", "高品质铝合金大规格铸锭制备及产业化技术")
    owner.check("input[name=opinions]")
    owner.click("form[action$='/edits'] button")
    owner.wait_for_selector(".redline del")
    assert owner.inner_text(".redline del").startswith("焊丝") or "焊丝" in owner.inner_text(".redline")
    owner.screenshot(path=str(out / "redline.png"), full_page=True)
    owner.click("form[action$='/apply'] button")
    owner.wait_for_url(f"{base}/reviews/{rid}/versions*")
    assert "第2版" in owner.inner_text("table.list")
    owner.goto(f"{base}/reviews/{rid}/compare?a_version=1&b_version=2")
    assert "P3倒数第五行" in owner.inner_text(".compare")
    owner.screenshot(path=str(out / "compare.png"), full_page=True)

    owner.goto(f"{base}/reviews/{rid}/report")
    owner.screenshot(path=str(out / "report.png"), full_page=True)
    with owner.expect_download() as info:
        owner.click("a[href$='/download/report.md']")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "1.市财政局提出：《百色市科技创新支撑产业高质量发展三年行动实施方案（2018—2020年）》P3倒数第五行" in text or \
        "P3倒数第五行“开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关”" in text
    assert "将《" in text and "修改为“高品质铝合金大规格铸锭制备及产业化技术”" in text

    reviewer.goto(f"{base}/reviews/{rid}/feedback")
    assert "予以全部采纳" in reviewer.inner_text("table.list")
    reviewer.screenshot(path=str(out / "feedback.png"), full_page=True)
    reviewer.close()
    owner.close()


def test_consultation_drill_down_and_decision(live: tuple[LiveServer, int], browser: Any, sqlite_template: Template) -> None:
    """The owner opens the consultation page of the Baise review (400 synthetic public comments), follows an
    article's bar in the chart to its groups, opens the largest group, and decides it there (htmx, CSRF)."""
    server, _ = live
    base, rid, out = server.base, sqlite_template.ids["review"], shots()
    owner = login(browser, base, "kezhiju")
    owner.goto(f"{base}/reviews/{rid}/consultation")
    assert "400条" in owner.inner_text("#consult-comments")
    bars = owner.locator("#chart-articles a.bar-link")
    assert bars.count() >= 5 and owner.locator("#chart-days rect.bar").count() >= 5
    owner.screenshot(path=str(out / "consultation.png"), full_page=True)
    label = bars.first.locator("text.label").text_content() or ""
    bars.first.click()
    owner.wait_for_url(f"{base}/reviews/{rid}/consultation/groups?article=*")
    assert f"关于{label}的意见组" in owner.inner_text("h1")
    first = owner.locator("#consult-groups tbody tr").first
    assert label in first.inner_text()
    group = sqlite_template.ids["consult_group"]
    owner.goto(f"{base}/reviews/{rid}/consultation/groups/{group}")
    assert owner.locator("#group-comments tbody tr").count() >= 2
    cell = owner.locator(f"#decision-{group}")
    cell.locator("select[name=decision]").select_option("partially_adopted")
    cell.locator("textarea[name=reason]").fill("已在第十条中增加部分内容，其余与上位法不一致")
    cell.locator("button").click()
    owner.wait_for_selector(f"#decision-{group} .ok")
    assert "已保存（第1版）" in owner.inner_text(f"#decision-{group}")
    owner.screenshot(path=str(out / "consultation-group.png"))
    owner.goto(f"{base}/reviews/{rid}/consultation")
    assert "部分采纳1条" in owner.inner_text("#consult-decided")
    owner.close()
