"""Coverage-guided fuzzing of caina's readers with atheris (libFuzzer for Python).

    python tests/fuzz/harness.py TARGET [libFuzzer options] [CORPUS_DIR ...]

TARGET is one of docx, xlsx, yaml, text (tests/fuzz/targets.py). caina is
instrumented for coverage; an input that makes a target raise anything but a
CainaError, run past ``-timeout`` seconds or above ``-rss_limit_mb`` is a
crash: libFuzzer writes it to ``-artifact_prefix`` and stops. Keep each crash
as a regression case (tests/fuzz/regressions.json, replayed by the suite).

``--seeds DIR`` writes the target's starting inputs into DIR and exits.
``make fuzz`` runs every target for CAINA_FUZZ_SECONDS (default 300) each;
the suite runs each for a few seconds (tests/fuzz/test_fuzz.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import atheris

with atheris.instrument_imports(include=["caina"]):
    import caina.core.report_parse
    import caina.io.docx
    import caina.io.forms_docx
    import caina.io.forms_xlsx
    import caina.io.ooxml
    import caina.io.report_import
    import caina.io.review_file
    import caina.io.text_reader
    import caina.io.yaml_input  # noqa: F401

from tests.fuzz.targets import TARGETS, seeds


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: harness.py {{{','.join(TARGETS)}}} [--seeds DIR | libFuzzer options]")
    target = sys.argv[1]
    if len(sys.argv) == 4 and sys.argv[2] == "--seeds":
        out = Path(sys.argv[3])
        out.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(seeds(target)):
            (out / f"seed-{i}").write_bytes(data)
        return
    run = TARGETS[target]
    run(seeds(target)[0])  # warm the caches (seed packages) before the clock starts
    atheris.Setup([sys.argv[0], *sys.argv[2:]], run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
