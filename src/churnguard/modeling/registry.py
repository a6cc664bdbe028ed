"""Model bundles on disk: the fitted model, its input schema and a model card (JSON).

Besides ingest, this is the one place models touch the disk. A bundle whose card is damaged, of
another format, or whose schema does not match its recorded hash is refused.
"""

from __future__ import annotations

import json
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
    "Bundle",
    "library_versions",
    "load_bundle",
    "save_bundle",
]

BUNDLE_FORMAT = 1
MODEL_FILE = "model.joblib"
CARD_FILE = "model_card.json"
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
