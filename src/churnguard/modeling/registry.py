"""Model bundles on disk: the fitted model, its input schema and a model card (JSON).

Besides ingest, this is the one place models touch the disk. A bundle whose card is damaged, of
another format, or whose schema does not match its recorded hash is refused.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import joblib

from churnguard.errors import BundleError
from churnguard.features.snapshot import Notice, Schema

__all__ = [
    "BUNDLE_FORMAT",
    "CARD_FILE",
    "MODEL_FILE",
    "PROMOTION_RULE",
    "Bundle",
    "Registry",
    "library_versions",
    "load_bundle",
    "load_uplift",
    "save_bundle",
    "save_uplift",
    "should_promote",
]

BUNDLE_FORMAT = 1
MODEL_FILE = "model.joblib"
CARD_FILE = "model_card.json"
_BUNDLE_NAME = re.compile(r"[0-9a-f]{12}")
_LIBRARIES = ("churnguard", "scikit-learn", "lightgbm", "numpy", "pandas")


def library_versions() -> dict[str, str]:
    out = {}
    for lib in _LIBRARIES:
        try:
            out[lib] = version(lib)
        except PackageNotFoundError:
            out[lib] = "unknown"
    return out


@dataclass
class Bundle:
    model: Any
    schema: Schema
    card: dict


def save_bundle(directory: str | Path, *, model: Any, schema: Schema, card: dict) -> Bundle:
    """Write ``model`` and its card into ``directory``; fills in bundle id, format, schema and versions."""
    directory = Path(directory)
    card = {
        "bundle_id": uuid.uuid4().hex[:12],
        "format": BUNDLE_FORMAT,
        **card,
        "input_schema": schema.to_dict(),
        "schema_hash": schema.contract_hash(),
        "library_versions": library_versions(),
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # The id travels inside the model file too, so a model and a card from different runs never pair up.
        joblib.dump({"bundle_id": card["bundle_id"], "model": model}, directory / MODEL_FILE, compress=3)
        (directory / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        raise BundleError("file.write", file=str(directory), detail=exc.strerror or str(exc)) from exc
    return Bundle(model=model, schema=schema, card=card)


def load_bundle(directory: str | Path) -> tuple[Bundle, list[Notice]]:
    """The bundle in ``directory`` and notices (e.g. library versions differ from training)."""
    directory = Path(directory)
    card_path, model_path = directory / CARD_FILE, directory / MODEL_FILE
    for path in (card_path, model_path):
        if not path.is_file():
            raise BundleError("bundle.missing", dir=str(directory), file=path.name)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BundleError("bundle.corrupt", dir=str(directory), detail=f"{CARD_FILE} is not valid JSON") from exc
    if card.get("format") != BUNDLE_FORMAT:
        raise BundleError("bundle.version", dir=str(directory), found=card.get("format"), expected=BUNDLE_FORMAT)
    try:
        schema = Schema.from_dict(card["input_schema"])
    except (KeyError, TypeError) as exc:
        raise BundleError("bundle.corrupt", dir=str(directory), detail="the input schema is unreadable") from exc
    if schema.contract_hash() != card.get("schema_hash"):
        raise BundleError(
            "bundle.corrupt", dir=str(directory), detail="the input schema does not match its recorded hash"
        )
    try:
        payload = joblib.load(model_path)
    except Exception as exc:  # unpickling can fail in many ways
        raise BundleError("bundle.corrupt", dir=str(directory), detail=f"{MODEL_FILE}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("bundle_id") != card.get("bundle_id"):
        raise BundleError(
            "bundle.corrupt", dir=str(directory), detail=f"{MODEL_FILE} does not belong to {CARD_FILE} (another run?)"
        )
    model = payload["model"]
    notices = []
    installed = library_versions()
    for lib, trained in card.get("library_versions", {}).items():
        if lib != "churnguard" and installed.get(lib) != trained:
            notices.append(Notice("warn.versions", {"lib": lib, "trained": trained, "installed": installed.get(lib)}))
    return Bundle(model=model, schema=schema, card=card), notices


PROMOTION_RULE = (
    "A new monthly model is a challenger. It becomes champion when there is no champion, or when its mean "
    "backtest ROC AUC beats the champion's by at least promote_margin and its mean top-decile lift is no more "
    "than 5 % below the champion's. `churnguard models promote ID` promotes by hand; both are recorded."
)
_LIFT_TOLERANCE = 0.95


def should_promote(challenger: dict[str, float], champion: dict[str, float] | None, *, margin: float) -> bool:
    """:data:`PROMOTION_RULE` on two models' mean backtest metrics."""
    if champion is None:
        return True
    return (
        challenger["roc_auc"] >= champion["roc_auc"] + margin
        and challenger["top_decile_lift"] >= _LIFT_TOLERANCE * champion["top_decile_lift"]
    )


class Registry:
    """Model versions under one folder: a bundle per version and ``registry.json``.

    ``registry.json`` keeps every version (id, created, as-of month, backtest means, status), the
    champion, every promotion, and which model scored which month. It is replaced atomically.
    """

    FILE = "registry.json"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _read(self) -> dict:
        path = self.root / self.FILE
        if not path.is_file():
            return {"champion": None, "versions": [], "promotions": [], "scored": []}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BundleError("bundle.corrupt", dir=str(self.root), detail=f"{self.FILE} is not valid JSON") from exc

    def _write(self, data: dict) -> None:
        tmp = self.root / (self.FILE + ".part")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.root / self.FILE)
        except OSError as exc:
            raise BundleError("file.write", file=str(self.root), detail=exc.strerror or str(exc)) from exc

    @property
    def data(self) -> dict:
        return self._read()

    @property
    def champion(self) -> str | None:
        return self._read()["champion"]

    def version(self, model_id: str) -> dict:
        for v in self._read()["versions"]:
            if v["id"] == model_id:
                return v
        raise BundleError("registry.unknown", dir=str(self.root), model=model_id)

    def add(self, *, model: Any, schema: Schema, card: dict, margin: float, now: str) -> tuple[Bundle, bool]:
        """Save a new version; promote it by :data:`PROMOTION_RULE`. Returns the bundle and whether it won."""
        staging = self.root / f".new-{uuid.uuid4().hex[:8]}"
        bundle = save_bundle(staging, model=model, schema=schema, card=card)
        model_id = bundle.card["bundle_id"]
        staging.replace(self.root / model_id)
        data = self._read()
        current = next((v for v in data["versions"] if v["id"] == data["champion"]), None)
        mean = card.get("backtest", {}).get("mean", {}).get(card.get("model", ""), {})
        held = (current or {}).get("backtest_mean") or {}
        # A first model always wins; a champion without backtest figures (promoted by hand) is only
        # replaced by hand.
        won = current is None or (bool(mean) and bool(held) and should_promote(mean, held, margin=margin))
        data["versions"].append(
            {
                "id": model_id,
                "created_at": now,
                "as_of": card.get("as_of"),
                "model": card.get("model"),
                "train_months": card.get("train_months"),
                "schema_hash": bundle.card["schema_hash"],
                "backtest_mean": mean,
                "status": "challenger",
            }
        )
        if won:
            self._promote(data, model_id, now=now, by="rule")
        self._write(data)
        return bundle, won

    def sweep(self) -> list[str]:
        """Remove what a training or an uplift fit stopped half-way left behind: staging folders, and bundle
        folders that registry.json never came to list. Returns the names removed."""
        if not self.root.is_dir():
            return []
        listed = {v["id"] for v in self._read()["versions"]}
        removed = []
        for path in sorted(self.root.iterdir()):
            if not path.is_dir():
                continue
            # Only what this registry writes: a bundle folder (twelve hex digits with a model file in it)
            # or a staging folder; anything else a person put there is left alone.
            bundle = bool(_BUNDLE_NAME.fullmatch(path.name)) and (path / MODEL_FILE).exists()
            if path.name.startswith(".new-") or (bundle and path.name not in listed):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        uplift = self.root / "uplift"
        for path in sorted(uplift.iterdir()) if uplift.is_dir() else []:
            if path.name.startswith(".") and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(f"uplift/{path.name}")
        return removed

    def _promote(self, data: dict, model_id: str, *, now: str, by: str) -> None:
        for v in data["versions"]:
            if v["status"] == "champion":
                v["status"] = "retired"
            if v["id"] == model_id:
                v["status"] = "champion"
        data["promotions"].append({"id": model_id, "at": now, "by": by, "replaced": data["champion"]})
        data["champion"] = model_id

    def promote(self, model_id: str, *, now: str, by: str) -> None:
        data = self._read()
        self.version(model_id)
        self._promote(data, model_id, now=now, by=by)
        self._write(data)

    def load(self, model_id: str | None = None) -> tuple[Bundle, list[Notice]]:
        """The bundle of ``model_id``, by default the champion's."""
        model_id = model_id or self.champion
        if model_id is None:
            raise BundleError("registry.no_champion", dir=str(self.root))
        self.version(model_id)
        return load_bundle(self.root / model_id)

    def record_scoring(self, *, month: str, model_id: str, run_id: str, now: str) -> None:
        data = self._read()
        data["scored"].append({"month": month, "model": model_id, "run_id": run_id, "at": now})
        self._write(data)


# ---------------------------------------------------------------- uplift models, one per month planned


def save_uplift(root: str | Path, *, month: str, model: Any, card: dict) -> dict:
    """Keep the uplift model trained for campaigns from ``month`` on under ``root/uplift/<month>/``. Model
    and card are written into a new folder that then takes the place of the old one, so a reader sees the
    old pair or the new, never one of each."""
    base = Path(root) / "uplift"
    directory = base / month
    card = {"bundle_id": uuid.uuid4().hex[:12], "format": BUNDLE_FORMAT, "month": month, **card}
    card["library_versions"] = library_versions()
    fresh, stale = base / f".{month}.{card['bundle_id']}.new", base / f".{month}.{card['bundle_id']}.old"
    try:
        fresh.mkdir(parents=True)
        joblib.dump({"bundle_id": card["bundle_id"], "model": model}, fresh / MODEL_FILE, compress=3)
        (fresh / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
        if directory.exists():
            directory.rename(stale)
        fresh.rename(directory)
        if stale.exists():
            shutil.rmtree(stale)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BundleError("file.write", file=str(directory), detail=exc.strerror or str(exc)) from exc
    return card


def load_uplift(root: str | Path, *, month: str) -> tuple[Any, dict] | None:
    """The latest uplift model trained for ``month`` or an earlier month, with its card; None if none."""
    base = Path(root) / "uplift"
    if not base.is_dir():
        return None
    months = sorted(d.name for d in base.iterdir() if d.is_dir() and d.name <= month and (d / CARD_FILE).is_file())
    if not months:
        return None
    directory = base / months[-1]
    try:
        card = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
        stored = joblib.load(directory / MODEL_FILE)
    except (OSError, ValueError, EOFError) as exc:
        raise BundleError("bundle.corrupt", dir=str(directory), detail=str(exc)) from exc
    if stored.get("bundle_id") != card.get("bundle_id"):
        raise BundleError("bundle.corrupt", dir=str(directory), detail="model and card come from different runs")
    return stored["model"], card
