"""Public consultations (公开征求意见): normalise, group, attribute and count comments.

Pure functions on plain values and NumPy arrays (no I/O): the services layer streams comments from a store
in partitions and calls these on each partition, then once on the whole (grouping's global step).

- :mod:`.normalize` — the text that is compared: NFKC, width, whitespace and punctuation folding, the
  greeting and signature a copy adds;
- :mod:`.units` — the draft's parts a comment can be about (第十条, 第二章, 附件2, 第一部分, 总体);
- :mod:`.references` — explicit references in a comment (第三条第二款, 第二十一条至第二十三条, P3倒数第五行);
- :mod:`.attribute` — cited, quoted (Aho-Corasick over the draft), similar, else general;
- :mod:`.minhash` — vectorised MinHash (one permutation, densified) over character shingles;
- :mod:`.grouping` — exact duplicates, LSH banding, verified pairs, connected components;
- :mod:`.stats` — the counts that are published;
- :mod:`.synth` — synthetic comment sets with planted truth.
"""
