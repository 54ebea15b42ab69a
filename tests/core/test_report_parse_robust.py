"""import-report never crashes: the fixture reports, mangled the ways copies mangle text (deterministic)."""

from __future__ import annotations

import random
from pathlib import Path

from caina.core.report_parse import parse_report, to_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
NOISE = ["|", " | ", "\t", "(", ")", "（", "）", "“", "”", "《", "》", "：", ":", "，", "。", "①", "（1）", "一是", "1.",
         "采纳", "不予采纳", "以上意见均予采纳", "第十四条　", "当前位置：首页 > ", "國(guó)", "\n", "\n\n", "共收到意见3条"]  # fmt: skip


def mangle(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        op = rng.random()
        i = rng.randrange(len(chars) + 1)
        if op < 0.4:
            chars[i:i] = list(rng.choice(NOISE))
        elif op < 0.7 and chars:
            del chars[i : i + rng.randint(1, 20)]
        else:
            lines = "".join(chars).split("\n")
            rng.shuffle(lines)
            chars = list("\n".join(lines))
    return "".join(chars)


def test_mangled_reports_never_crash() -> None:
    rng = random.Random(10)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*")) if p.suffix in (".txt", ".md")]
    assert len(texts) >= 30
    for round_ in range(6):
        for text in texts:
            mangled = mangle(text, rng)
            data = to_json(parse_report(mangled))  # must not raise
            assert isinstance(data["opinions"], list), round_
