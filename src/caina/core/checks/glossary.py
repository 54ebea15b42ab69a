"""The glossary of standard names: what a name should be, its accepted short forms, its wrong forms.

A :class:`Glossary` holds :class:`NameEntry` items. Each entry has the
standard ``name`` ("工程技术研究中心", "市人力资源社会保障局"), ``aliases``
(short forms that are allowed: "人社局" — reported as info, so a reader can
see which units were named by a short form) and ``variants`` (forms that are
wrong: "工程研究中心" — flagged). ``unless`` lists words that, when present in
the same paragraph, mean the variant is meant (a 发展改革 "工程研究中心" is a
real, different platform).

caina ships a small built-in glossary (:mod:`caina.core.checks.data.glossary`);
a user glossary (YAML, read by :mod:`caina.io.check_input`) is merged over it:
an entry with the same ``name`` replaces the built-in one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import ahocorasick

__all__ = ["NameEntry", "Glossary", "NameHit"]

HitKind = Literal["name", "alias", "variant"]


@dataclass(frozen=True, slots=True)
class NameEntry:
    name: str
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    note: str = ""  # why this is the standard name ("自治区科技厅认定的科技平台规范名称")
    kind: str = "name"  # "name" (a term or platform) or "unit" (an organisation)
    unless: tuple[str, ...] = ()
    severity: str = "warning"  # of a variant: "error" or "warning"


@dataclass(frozen=True, slots=True)
class NameHit:
    entry: NameEntry
    kind: HitKind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Glossary:
    entries: tuple[NameEntry, ...] = ()
    source: str = ""  # where the user part came from (for messages)

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s entries added; same name → ``other`` wins."""
        names = {e.name for e in other.entries}
        kept = tuple(e for e in self.entries if e.name not in names)
        return Glossary(kept + other.entries, source=other.source or self.source)

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton | None:
        table: dict[str, tuple[NameEntry, HitKind]] = {}
        for entry in self.entries:
            # later kinds never override a standard name: a name is never "wrong"
            kinds: tuple[tuple[HitKind, tuple[str, ...]], ...] = (
                ("variant", entry.variants), ("alias", entry.aliases), ("name", (entry.name,))
            )
            for kind, words in kinds:
                for w in words:
                    if w:
                        table[w] = (entry, kind)
        if not table:
            return None
        auto = ahocorasick.Automaton()
        for word, value in table.items():
            auto.add_word(word, (word, value))
        auto.make_automaton()
        return auto

    def scan(self, text: str) -> Iterator[NameHit]:
        """Leftmost-longest mentions of any name, alias or variant in ``text``."""
        auto = self._automaton
        if auto is None or not text:
            return
        for end, (word, (entry, kind)) in auto.iter_long(text):
            yield NameHit(entry, kind, word, end - len(word) + 1, end + 1)

    def __len__(self) -> int:
        return len(self.entries)


def glossary_of(entries: Iterable[NameEntry], source: str = "") -> Glossary:
    return Glossary(tuple(entries), source=source)
