"""Every review case of the test suite: the examples, the cases under tests/fixtures/cases, and variants.

A case is a directory holding a draft and review.yaml. :func:`all_cases` copies each into a
temporary directory (so that tests may write next to it) and adds the variants a case has:
the county example read from its text draft as well as from its Word draft.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _standalone(review: Path) -> bool:
    """A case whose report needs no database: examples/consult names a public consultation (``consultation:``),
    whose 公开征求意见情况 is read from a database — tests/services/test_consult_decisions.py builds one for it."""
    return not any(line.startswith("consultation:") for line in review.read_text(encoding="utf-8").splitlines())


CASE_DIRS = tuple(
    sorted(p.parent for p in (ROOT / "examples").glob("*/review.yaml") if _standalone(p))
    + sorted(p.parent for p in (ROOT / "tests" / "fixtures" / "cases").glob("*/review.yaml") if _standalone(p))
)
# (name, source directory, the draft file to use instead of the one review.yaml names)
VARIANTS = (("county-txt", ROOT / "examples" / "county", "draft.txt"),)
CASE_NAMES = tuple(d.name for d in CASE_DIRS) + tuple(v[0] for v in VARIANTS)


def copy_case(name: str, into: Path) -> Path:
    """The case ``name`` copied to ``into``/``name`` (a variant with its draft switched)."""
    target = into / name
    for d in CASE_DIRS:
        if d.name == name:
            shutil.copytree(d, target)
            return target
    for variant, source, draft in VARIANTS:
        if variant == name:
            shutil.copytree(source, target)
            review = target / "review.yaml"
            lines = review.read_text(encoding="utf-8").splitlines()
            lines = [f"draft: {draft}" if ln.startswith("draft:") else ln for ln in lines]
            review.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return target
    raise KeyError(name)


def draft_of(case: Path) -> Path:
    from caina.io.drafts import find_draft
    from caina.io.review_file import read_review

    _record, name = read_review(case / "review.yaml")
    return find_draft(case, name)
