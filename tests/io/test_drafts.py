"""Finding the draft of a case directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from caina.errors import SourceFileError
from caina.io.drafts import find_draft


def test_one_draft_is_found(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("标题\n正文。\n", encoding="utf-8")
    assert find_draft(tmp_path) == tmp_path / "draft.txt"


def test_two_drafts_are_not_guessed_between(tmp_path: Path) -> None:
    """draft.docx and a draft.txt export may page differently: the clerk names the one reviewed."""
    (tmp_path / "draft.txt").write_text("标题\n正文。\n", encoding="utf-8")
    (tmp_path / "draft.docx").write_bytes(b"PK")
    with pytest.raises(SourceFileError) as info:
        find_draft(tmp_path)
    assert "2份草案" in info.value.message and "draft: draft.docx" in info.value.message
    assert find_draft(tmp_path, "draft.txt") == tmp_path / "draft.txt"
