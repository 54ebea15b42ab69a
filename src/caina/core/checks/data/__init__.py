"""Built-in data of the checks, as Python constants (no package data files needed).

- :mod:`.glossary` — the default glossary of standard names;
- :mod:`.confusions` — wrong forms of fixed phrases and idioms, and the
  curated official-document confusions (截止/截至, 其它/其他, 做出/作出, …);
- :mod:`.phrases` — set phrases of official documents that the homophone
  detector knows besides the idioms of jieba's dictionary;
- :mod:`.pairs` — commonly confused word pairs, each with the context that
  decides, and the number rules of GB/T 15835, each with examples.

Every entry was chosen so that the wrong form is never a correct word in an
official text: a false alarm costs more than a missed slip.
"""
