"""Reading customer tables from CSV (UTF-8, BOM, GBK/GB18030), Parquet and Excel, and writing results.

One of the few modules that do I/O. Cells are returned as text with surrounding blanks removed and
missing markers turned into missing values; typing is the job of :mod:`churnguard.features.snapshot`,
which can then name the row of any value it cannot use.
"""

from __future__ import annotations

import csv
import io
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from charset_normalizer import from_bytes

from churnguard.errors import DataError

__all__ = [
    "DEFAULT_NA",
    "FIRST_DATA_ROW",
    "OUTPUT_SUFFIXES",
    "Rows",
    "Table",
    "check_output",
    "read_rows",
    "read_table",
    "write_bytes",
    "write_json",
    "write_table",
]

DEFAULT_NA = ("", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A", "缺失", "空")
# Row numbers in messages count the header as row 1, as a spreadsheet shows them. A table's index
# is the row's position below the header in its file (blank rows skipped, their numbers kept), so a
# row's number is always its index + FIRST_DATA_ROW.
FIRST_DATA_ROW = 2
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Table:
    """A table as read from a file: ``frame`` with object/str cells or typed columns (Parquet)."""

    frame: pd.DataFrame
    source: str
    encoding: str


def read_table(path: str | Path, *, encoding: str | None = None, na_values: tuple[str, ...] | list[str] = ()) -> Table:
    """Read ``path`` by its suffix. Raises :class:`DataError` naming the file and what to do."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise DataError("file.missing", file=name, cwd=str(Path.cwd()))
    suffix = path.suffix.lower()
    na = set(DEFAULT_NA) | set(na_values)
    if suffix in _CSV_SUFFIXES:
        frame, used = _read_csv(path, encoding)
    elif suffix == ".parquet":
        frame, used = _read_parquet(path), "parquet"
    elif suffix in _EXCEL_SUFFIXES:
        frame, used = _read_excel(path), "xlsx"
    else:
        raise DataError("file.format", file=name, suffix=suffix or "(none)")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise DataError("file.empty", file=name)
    return Table(frame=_clean(frame, na), source=name, encoding=used)


def _decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError as exc:
            raise DataError("file.encoding_unknown", file=str(path), encoding=encoding) from exc
        except UnicodeDecodeError as exc:
            raise DataError("file.decode", file=str(path), encoding=encoding, position=exc.start) from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DataError("file.decode", file=str(path), encoding="utf-8-sig", position=exc.start + 3) from exc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Chinese exports are GBK or GB18030 (a superset of GBK); try it before guessing. GB18030
        # decodes almost any bytes, so accept it only when the result reads as Chinese.
        try:
            text = raw.decode("gb18030")
            if _mostly_chinese(text):
                return text, "gb18030"
        except UnicodeDecodeError:
            pass
        # Then Windows-1252, what Western spreadsheets export; a detector's guess is the last resort.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
        best = from_bytes(raw).best()
        if best is None:
            raise DataError("file.decode", file=str(path), encoding="utf-8", position=utf8_error.start) from utf8_error
        return str(best), best.encoding


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _mostly_chinese(text: str) -> bool:
    """Most non-ASCII characters are in GB2312, the everyday Chinese character set.

    Latin-1 text misread as GB18030 pairs an accented byte with the next ASCII letter, which lands
    outside GB2312 ('Zürich' becomes 'Z黵ich'); real Chinese text stays almost entirely inside it.
    """
    wide = [c for c in text if ord(c) > 127]
    return bool(wide) and sum(map(_in_gb2312, wide)) >= 0.9 * len(wide)


def _read_csv(path: Path, encoding: str | None) -> tuple[pd.DataFrame, str]:
    raw = path.read_bytes()
    text, used = _decode(raw, path, encoding)
    if not text.strip():
        raise DataError("file.empty", file=str(path))
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
    header = [h.strip() for h in header]
    _refuse_duplicate_names(header, path)
    _refuse_extra_fields(text, delimiter, len(header), path)
    try:
        # index_col=False: rows ending in a delimiter must not shift every value one column left;
        # such empty trailing fields are all pandas drops (rows with more data were refused above).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                index_col=False,
                skip_blank_lines=False,
            )
    except pd.errors.EmptyDataError as exc:
        raise DataError("file.empty", file=str(path)) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError("file.parse", file=str(path), detail=str(exc).strip()) from exc
    return frame, used


def _refuse_extra_fields(text: str, delimiter: str, width: int, path: Path) -> None:
    """Rows with more non-empty fields than the header has names would lose data: name them."""
    bad = [
        number
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
        if len(row) > width and any(cell.strip() for cell in row[width:])
    ]
    if bad:
        rows = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        raise DataError("file.extra_fields", file=str(path), count=len(bad), rows=rows, width=width)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a bad file
        raise DataError("file.parse", file=str(path), detail=str(exc).splitlines()[0]) from exc


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        # header=None: pandas would rename duplicate headers to "x.1" before we could see them.
        sheets = pd.read_excel(path, dtype=object, engine="openpyxl", header=None, sheet_name=None)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise DataError("file.parse", file=str(path), detail=str(exc).splitlines()[0]) from exc
    # The first sheet that holds a table: workbooks often open on an empty cover sheet.
    grid = next((g.dropna(how="all") for g in sheets.values() if len(g.dropna(how="all")) > 1), None)
    if grid is None:
        raise DataError("file.empty", file=str(path))
    frame = grid.iloc[1:]
    frame.index = frame.index - 1  # sheet row k + 1 is shown as row k + 1: index k - 1
    frame.columns = ["" if pd.isna(c) else str(c).strip() for c in grid.iloc[0]]
    _refuse_duplicate_names(list(frame.columns), path)
    # Spreadsheet columns mix numbers and text (ids like 'C-001' beside 42): keep them as text,
    # as CSV cells are, so typing and writing behave the same for every format.
    for column in frame.columns:
        frame[column] = frame[column].map(lambda v: None if pd.isna(v) else (v if isinstance(v, str) else str(v)))
    return frame


def _refuse_duplicate_names(names: list[str], path: Path) -> None:
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise DataError("file.duplicate_columns", file=str(path), columns=", ".join(duplicates))


def _clean(frame: pd.DataFrame, na: set[str]) -> pd.DataFrame:
    """Strip blanks around text cells and turn missing markers into missing values."""
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:
        series = frame[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            text = series.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
            frame[column] = text.map(lambda v: None if (isinstance(v, str) and v in na) else v)
    # Wholly blank rows are no customers; the others keep their file positions as index.
    return frame.dropna(how="all")


OUTPUT_SUFFIXES = (".csv", ".parquet")


def check_output(path: str | Path) -> Path:
    """Refuse an output path of an unsupported format before any work is done."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise DataError("file.write", file=str(path), detail=f"unsupported format '{path.suffix or '(none)'}'")
    return path


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to .csv (UTF-8 with BOM, so Excel shows Chinese) or .parquet."""
    path = check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".csv":
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(path, index=False)
    except OSError as exc:
        raise DataError("file.write", file=str(path), detail=exc.strerror or str(exc)) from exc
    except (ValueError, TypeError, pa.ArrowException) as exc:  # a column Parquet cannot store
        raise DataError("file.write", file=str(path), detail=str(exc).splitlines()[0]) from exc
    return path


def write_json(data: dict, path: str | Path) -> Path:
    """Write ``data`` as readable UTF-8 JSON (Chinese kept as is)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        raise DataError("file.write", file=str(path), detail=exc.strerror or str(exc)) from exc
    return path


@dataclass(frozen=True)
class Rows:
    """A text table for the warehouse: every cell a string, ``_line`` the line (or sheet row) it came from.

    ``misfits`` are rows whose number of fields differs from the header's: (line, fields, text).
    """

    data: pa.Table
    header: list[str]
    encoding: str
    misfits: list[tuple[int, int, str]]


def read_rows(path: str | Path) -> Rows:
    """Read a CSV or Excel file for ingest, keeping each row's line number and every odd row.

    Clean UTF-8 CSV takes pyarrow's fast reader; anything irregular (other encodings, blank lines,
    rows with too many or too few fields, line breaks inside quotes) takes Python's csv module,
    which knows each record's line.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("file.missing", file=str(path), cwd=str(Path.cwd()))
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        frame = _read_excel(path)
        columns = [pa.array(frame[c].tolist(), type=pa.string()) for c in frame.columns]
        lines = pa.array((frame.index.to_numpy() + FIRST_DATA_ROW).astype("int64"))
        data = pa.table([*columns, lines], names=[*frame.columns, "_line"])
        return Rows(data=data, header=list(frame.columns), encoding="xlsx", misfits=[])
    raw = path.read_bytes()
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if not body.strip():
        raise DataError("file.empty", file=str(path))
    fast = _fast_csv(body, path)
    if fast is not None:
        return fast
    text, used = _decode(raw, path, None)
    return _slow_csv(text, used, path)


def _delimiter(sample: str, path: Path) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return "\t" if path.suffix.lower() == ".tsv" else ","


def _fast_csv(body: bytes, path: Path) -> Rows | None:
    import pyarrow.csv as pacsv

    if b"\n\n" in body or b"\n\r\n" in body:
        return None
    head = body[:65536].decode("utf-8", errors="ignore")
    delimiter = _delimiter(head, path)
    header = [h.strip() for h in next(csv.reader(io.StringIO(head), delimiter=delimiter), [])]
    if not header or len(set(header)) != len(header):
        return None
    misfit = []
    try:
        data = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=lambda row: misfit.append(row) or "skip"
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:  # not UTF-8, or quotes the fast reader cannot follow
        return None
    if misfit:
        return None
    lines = pa.array(range(FIRST_DATA_ROW, FIRST_DATA_ROW + data.num_rows), type=pa.int64())
    return Rows(data=data.append_column("_line", lines), header=header, encoding="utf-8", misfits=[])


def _slow_csv(text: str, encoding: str, path: Path) -> Rows:
    delimiter = _delimiter(text[:20000], path)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    _refuse_duplicate_names(header, path)
    width = len(header)
    cells: list[list[str]] = [[] for _ in header]
    lines, misfits = [], []
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) > width and not any(c.strip() for c in row[width:]):
            row = row[:width]  # trailing delimiters add empty fields, not data
        if len(row) != width:
            misfits.append((line, len(row), delimiter.join(row)))
            continue
        for column, cell in zip(cells, row, strict=True):
            column.append(cell)
        lines.append(line)
    arrays = [pa.array(c, type=pa.string()) for c in cells] + [pa.array(lines, type=pa.int64())]
    return Rows(data=pa.table(arrays, names=[*header, "_line"]), header=header, encoding=encoding, misfits=misfits)


def write_bytes(data: bytes, path: str | Path) -> Path:
    """Write ``data`` to ``path`` under a temporary name first, then rename: a reader never sees half a file."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DataError("file.write", file=str(path), detail=exc.strerror or str(exc)) from exc
    return path
