"""Traditional → simplified Chinese for texts read from elsewhere (OpenCC ``t2s``).

A text is converted only when it is written mostly in traditional characters:
at least 5 % of its Chinese characters (and at least 3) would change. Simplified
text never goes through OpenCC, so its own variant characters stay as written.
Corner brackets 「」『』 become the quotation marks GB/T 15834 uses.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.05  # share of Chinese characters OpenCC would change
_SAMPLE = 20000


def to_simplified(text: str) -> tuple[str, bool]:
    """(text in simplified characters, whether it was converted)."""
    chars = _CJK.findall(text[: _SAMPLE * 2])
    if not chars:
        return text, False
    import opencc

    converter = opencc.OpenCC("t2s")
    sample = "".join(chars[:_SAMPLE])
    changed = sum(1 for a, b in zip(sample, converter.convert(sample), strict=False) if a != b)
    if changed < 3 or changed < len(sample) * TRADITIONAL_SHARE:
        return text, False
    out = converter.convert(text)
    return out.replace("「", "“").replace("」", "”").replace("『", "‘").replace("』", "’"), True
