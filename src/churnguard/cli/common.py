"""What every command shares: the state the global options set, error translation, consoles, progress
bars, and the options several commands take.

Every start of ``churnguard`` (``--help`` and ``--version`` too) imports the command modules, so they import
heavy modules — pandas, scikit-learn, DuckDB, the pipeline, pydantic's settings — inside the commands that
use them, never at module level; ``tests/e2e/test_cli_startup.py`` keeps it so. What a command's signature
names (option types, enums, defaults) must stay cheap to import: Typer reads the signatures to build the app.
"""

from __future__ import annotations

import functools
import getpass
import os
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from churnguard.errors import ChurnGuardError, ConfigError, InternalError
from churnguard.i18n import MESSAGES, t
from churnguard.months import is_month

if TYPE_CHECKING:
    from churnguard.config import Settings
    from churnguard.features.snapshot import Notice


class _State:
    def __init__(self, verbose: bool, lang: str | None, config: Path | None) -> None:
        self.verbose = verbose
        self.lang = lang
        self.config = config

    def settings(self, **flags: Any) -> tuple[Settings, dict[str, str]]:
        from churnguard.config import load_settings  # pydantic: only when a command runs

        return load_settings({"lang": self.lang, **flags}, toml_path=self.config)


# Set by the root callback for the command being run (a context variable, so test runners stay isolated).
_CURRENT: ContextVar[_State | None] = ContextVar("churnguard_cli_state", default=None)


def _state() -> _State:
    return _CURRENT.get() or _State(False, None, None)


def _lang() -> str:
    state = _state()
    if state.lang:
        return state.lang
    try:
        return state.settings()[0].lang
    except ChurnGuardError:
        return "en"


def _fail(error: ChurnGuardError) -> None:
    lang = _lang()
    typer.echo(f"{t('cli.error', lang)}: {error.message(lang)}", err=True)
    hint = error.hint(lang)
    if hint:
        typer.echo(f"{t('cli.hint', lang)}: {hint}", err=True)
    raise typer.Exit(error.exit_code)


def _handles_errors(func: Callable[..., None]) -> Callable[..., None]:
    """User errors become 'Error:'/'Hint:' lines and exit 2; tracebacks only with -v."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            with warnings.catch_warnings():
                if not _state().verbose:
                    # Library warnings (sklearn bins, lightgbm deprecations) mean nothing to a retention
                    # analyst; ChurnGuard's own warnings are notices, printed regardless.
                    warnings.simplefilter("ignore")
                func(*args, **kwargs)
        except ChurnGuardError as error:
            if _state().verbose:
                raise
            _fail(error)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as exc:
            if _state().verbose:
                raise
            _fail(InternalError("internal", detail=f"{type(exc).__name__}: {exc}"))

    return wrapper


# ---------------------------------------------------------------- printing helpers


def _out() -> Console:
    return Console(soft_wrap=False, width=140)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _notices(notices: list[Notice], lang: str) -> None:
    for notice in notices:
        typer.echo(f"{t('cli.warning', lang)}: {t(notice.key, lang, **notice.params)}", err=True)
        hint_key = notice.key + ".hint"
        if hint_key in MESSAGES:
            typer.echo(f"{t('cli.hint', lang)}: {t(hint_key, lang, **notice.params)}", err=True)


def _bar() -> Progress:
    """A progress bar on stderr that disappears when done (stdout stays clean for results)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=_err(),
        transient=True,
    )


# ---------------------------------------------------------------- options several commands take

SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (default 0).")]
WarehouseOpt = Annotated[
    str | None,
    typer.Option("--warehouse", help="DuckDB file or duckdb:// URL (default: the warehouse setting)."),
]
RegistryOpt = Annotated[
    str | None, typer.Option("--registry", help="Folder of the model registry (default: the registry setting).")
]


def _cli_actor() -> dict[str, str]:
    """Who the audit log names for a command: the operating system's user at the console (role ``os``:
    not a ChurnGuard login), from the command line (source ``cli``)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment and no passwd entry for the uid
        name = f"uid {os.getuid()}"
    return {"actor": name[:32], "role": "os", "source": "cli"}


def _month(value: str, option: str) -> str:
    if not is_month(value):
        raise ConfigError("option.invalid", option=option, detail=f"'{value}' is not a month like 2025-03")
    return value


class StepBars:
    """Progress of a run on stderr: one line per step as it starts, and a bar for the work inside it."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.bar = _bar()
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> StepBars:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)

    def step(self, name: str) -> None:
        self.bar.console.print(f"{self.prefix} {name} …".strip(), markup=False, highlight=False)

    def detail(self, what: str, done: int, total: int) -> None:
        if what not in self.tasks:
            self.tasks[what] = self.bar.add_task(f"  {what}", total=total or None)
        self.bar.update(self.tasks[what], completed=done, total=total or None)
