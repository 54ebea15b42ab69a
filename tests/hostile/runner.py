"""Run each hostile case as its own process, under limits, and measure it.

``python -m tests.hostile.runner CASES.json RESULTS.json`` imports caina once,
then forks one child per case. The child moves into the case's directory,
sets its limits (``RLIMIT_AS`` — address space — and ``RLIMIT_CPU``; the
wall-clock limit is enforced by the parent, which kills the child), sends
its stdout/stderr to files and runs the real command line (``caina.cli.main``
with the case's arguments and environment). The parent records for each
case: exit code (or the signal that ended it), wall time, peak resident
memory (``ru_maxrss`` of that child, from ``wait4``), and the output.

Forking after the imports keeps the suite fast (a fresh interpreter per case
would spend a second on imports alone); the peak memory of a forked child
counts the pages it shares with the parent, so it is an upper bound.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from pathlib import Path

WALL_SECONDS = 10.0
ADDRESS_SPACE = 4 * 1024**3  # hard stop far above the 1 GB the test asserts on peak RSS
CPU_SECONDS = 30


def _preload() -> None:
    """What every case would import: loaded once, before forking."""
    import caina.cli
    import caina.io.docx.reader
    import caina.io.forms_docx
    import caina.io.forms_xlsx
    import caina.services.checks
    import caina.services.documents
    import caina.services.forms
    import caina.services.report_import  # noqa: F401
    from caina.core.checks.typos import jieba_module

    jieba_module().lcut("预先载入分词词典")


def _child(case: dict, out: Path, err: Path) -> None:  # pragma: no cover - runs in the forked child
    try:
        os.chdir(case["cwd"])
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        for key, value in case.get("env", {}).items():
            os.environ[key] = value
        fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd_out, 1)
        os.dup2(fd_err, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.argv = ["caina", *case["argv"]]  # may hold lone surrogates: what undecodable bytes in argv become
        from caina.cli import main

        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException:  # noqa: BLE001 - the harness itself failed: say so on stderr, exit with a code no command uses
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(99)


def run(cases: list[dict], work: Path) -> list[dict]:
    results = []
    for case in cases:
        out, err = work / f"{case['name']}.out", work / f"{case['name']}.err"
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            _child(case, out, err)
        timed_out = False
        status, usage = 0, None
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > WALL_SECONDS:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                timed_out = True
                break
            time.sleep(0.01)
        elapsed = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        results.append(
            {
                "name": case["name"],
                "exit": code,
                "seconds": round(elapsed, 3),
                "timed_out": timed_out,
                "max_rss_mb": round(usage.ru_maxrss / 1024, 1) if usage is not None else None,
                "stdout": out.read_text(encoding="utf-8", errors="replace") if out.exists() else "",
                "stderr": err.read_text(encoding="utf-8", errors="replace") if err.exists() else "",
            }
        )
    return results


def main() -> None:
    cases_file, results_file = Path(sys.argv[1]), Path(sys.argv[2])
    cases = json.loads(cases_file.read_text(encoding="utf-8"))
    _preload()
    work = results_file.parent / "output"
    work.mkdir(exist_ok=True)
    results = run(cases, work)
    results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
