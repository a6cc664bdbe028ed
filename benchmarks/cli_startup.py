"""CPU time of ``churnguard --version``, ``--help`` and ``warehouse --help`` (issue 20, section 5).

Every start of the CLI imports its command modules; they import pandas, scikit-learn, DuckDB, the pipeline and
the API only inside the commands that use them, so that asking for help costs a fraction of a second. This
measures what a user waits for: the installed ``churnguard`` script run in a fresh process, its CPU seconds
(user + system, from ``getrusage(RUSAGE_CHILDREN)`` around each run), the median of five runs. CPU rather
than wall time, because other work may share this 2-core machine. Reference in the same process: a bare
``python -c pass``, the interpreter's own start. With ``--before REV``, the same commands on the source of a
git revision (``git archive`` into a temporary folder, put first on ``PYTHONPATH``), measured alongside.

Writes ``benchmarks/results/cli_startup.json`` and ``.md``. Bar: each command < 0.8 CPU s.

    .venv/bin/python benchmarks/cli_startup.py [--runs 5] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
BIN = Path(sys.executable).parent
BAR_CPU_SECONDS = 0.8
COMMANDS = (("--version",), ("--help",), ("warehouse", "--help"))
_COUNT_MODULES = (
    "import sys, contextlib, io, churnguard.cli\n"
    "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
    "    churnguard.cli.app(['--help'], prog_name='churnguard')\n"
    "print(len(sys.modules))"
)


def _cpu_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of ``command``, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _median(command: list[str], env: dict[str, str], runs: int) -> dict[str, object]:
    _cpu_run(command, env)  # warm the file cache; not counted
    samples = [_cpu_run(command, env) for _ in range(runs)]
    cpu = [s[0] for s in samples]
    return {
        "cpu_seconds": round(statistics.median(cpu), 3),
        "cpu_seconds_runs": [round(c, 3) for c in cpu],
        "wall_seconds": round(statistics.median(s[1] for s in samples), 3),
    }


def _modules(env: dict[str, str]) -> int:
    done = subprocess.run(
        [str(BIN / "python"), "-c", _COUNT_MODULES], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


def measure(env: dict[str, str], runs: int) -> dict[str, object]:
    """Each command's median CPU and wall seconds, and the modules loaded once ``--help`` is rendered."""
    figures: dict[str, object] = {
        " ".join(args): _median([str(BIN / "churnguard"), *args], env, runs) for args in COMMANDS
    }
    figures["modules_after_help"] = _modules(env)
    return figures


def _source_of(rev: str, into: Path) -> Path:
    """The ``src`` folder of git revision ``rev``, unpacked under ``into``."""
    archive = into / "src.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _table(rows: list[tuple[str, dict[str, object]]]) -> list[str]:
    lines = [
        "| code | command | CPU s (median) | runs | wall s (median) | bar |",
        "|---|---|---|---|---|---|",
    ]
    for label, figures in rows:
        for args in COMMANDS:
            name = " ".join(args)
            f = figures[name]
            runs = ", ".join(f"{c:.2f}" for c in f["cpu_seconds_runs"])
            verdict = "passed" if f["cpu_seconds"] < BAR_CPU_SECONDS else "FAILED"
            lines.append(
                f"| {label} | `churnguard {name}` | **{f['cpu_seconds']:.2f}** | {runs} | {f['wall_seconds']:.2f} "
                f"| {verdict} |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="Also measure the CLI of this git revision.")
    args = parser.parse_args()
    # No CHURNGUARD_* settings of the caller's shell, no colour codes: the plain start a user makes.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHURNGUARD_") and k != "PYTHONPATH"}
    env |= {"NO_COLOR": "1", "LANG": "C.UTF-8"}
    load_before = [round(x, 2) for x in os.getloadavg()]
    reference = _median([str(BIN / "python"), "-c", "pass"], env, args.runs)
    now = measure(env, args.runs)
    before = None
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            source = _source_of(args.before, Path(tmp))
            before = measure({**env, "PYTHONPATH": str(source)}, args.runs)
    load_after = [round(x, 2) for x in os.getloadavg()]
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
    ).stdout.strip()
    passed = all(now[" ".join(a)]["cpu_seconds"] < BAR_CPU_SECONDS for a in COMMANDS)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "runs": args.runs,
        "bar_cpu_seconds": BAR_CPU_SECONDS,
        "passed": passed,
        "code": commit + (" with uncommitted changes under src/" if dirty else ""),
        "load_before": load_before,
        "load_after": load_after,
        "reference_python_pass": reference,
        "now": now,
        **({"before": {"rev": args.before, **before}} if before else {}),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cli_startup.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")

    help_cpu = now["--help"]["cpu_seconds"]
    rows = [("now", now), *([(f"before ({args.before})", before)] if before else [])]
    lines = [
        "# CLI start-up: `churnguard --version` and `--help` (issue 20 §5)",
        "",
        f"Machine: {out['machine']}; Python {out['python']}. Code: {out['code']}. "
        f"Load average (1/5/15 min) before: {load_before}, after: {load_after}.",
        "",
        f"CPU seconds (user + system) of the installed `churnguard` script in a fresh process, median of "
        f"{args.runs} runs after one warm-up. **Bar: < {BAR_CPU_SECONDS} CPU s each: "
        f"{'passed' if passed else 'FAILED'}.**",
        "",
        *_table(rows),
        "",
        f"Reference in the same process, a bare `python -c pass`: {reference['cpu_seconds']:.3f} CPU s "
        f"(`--help` costs {help_cpu / max(reference['cpu_seconds'], 1e-3):.1f}× the interpreter's own start).",
        f"Modules loaded once `--help` is rendered: {now['modules_after_help']:,}"
        + (f" (before: {before['modules_after_help']:,})." if before else "."),
        "",
        "`tests/e2e/test_cli_startup.py` checks, without timing, that rendering every help page imports none "
        "of pandas, numpy, scikit-learn, SciPy, DuckDB, LightGBM, Matplotlib, FastAPI, SQLAlchemy, PyArrow, Ibis.",
    ]
    (RESULTS / "cli_startup.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
