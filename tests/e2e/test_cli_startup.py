"""``churnguard --help`` and ``--version`` stay quick: the CLI imports no heavy library until a command runs.

A deterministic check (which modules are loaded), not a timing: ``benchmarks/cli_startup.py`` measures the
seconds. The command modules import pandas, scikit-learn, DuckDB, the pipeline and the API inside the
commands that use them (see ``churnguard/cli/common.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "pandas",
    "numpy",
    "sklearn",
    "scipy",
    "duckdb",
    "lightgbm",
    "matplotlib",
    "fastapi",
    "sqlalchemy",
    "pyarrow",
    "ibis",
)

# Import the CLI, then render the root help, the version and every group's and command's help in one
# process, as a user would one at a time; report the exit codes, what each printed, and what got loaded.
_SCRIPT = """
import contextlib, io, json, sys

import churnguard.cli
from typer.main import get_command

heavy = json.loads(sys.argv[1])
after_import = sorted(m for m in heavy if m in sys.modules)


def invoke(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            churnguard.cli.app(args, prog_name="churnguard")
            code = 0
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue()


paths = [[]]
def walk(command, path):
    if hasattr(command, "list_commands"):
        ctx = command.context_class(command)
        for name in command.list_commands(ctx):
            paths.append([*path, name])
            walk(command.get_command(ctx, name), [*path, name])
walk(get_command(churnguard.cli.app), [])

runs = {"--version": invoke(["--version"])}
for path in paths:
    runs[" ".join([*path, "--help"])] = invoke([*path, "--help"])
print(json.dumps({
    "after_import": after_import,
    "after_help": sorted(m for m in heavy if m in sys.modules),
    "runs": runs,
}))
"""


def _startup() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(HEAVY)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_help_and_version_load_no_heavy_library() -> None:
    found = _startup()
    runs = found["runs"]
    # Every group and command was reached (so the check covers them all), and each printed its help.
    for args in ("--help", "warehouse --help", "report --help", "serve --help", "users add --help"):
        assert args in runs, sorted(runs)
    assert len(runs) > 40
    for args, (code, text) in runs.items():
        assert code == 0, (args, text)
        assert ("Usage:" in text) if args.endswith("--help") else text.startswith("churnguard "), (args, text)
    assert found["after_import"] == []
    assert found["after_help"] == [], "imported by --help: " + ", ".join(found["after_help"])
