"""Reading customer tables: encodings, delimiters, missing markers, Parquet, Excel; writing results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from churnguard.data.ingest import DEFAULT_NA, FIRST_DATA_ROW, read_table, write_table
from churnguard.errors import DataError

CHINESE = pd.DataFrame(
    {
        "用户编号": ["U001", "U002", "U003", "U004"],
        "套餐": ["畅享套餐", "基础套餐", "家庭套餐", "畅享套餐"],
        "月租费用": ["128.5", "39", "199", "88"],
        "是否流失": ["流失", "未流失", "未流失", "流失"],
    }
)


def _cells(series: pd.Series) -> list[object]:
    """Cell values with every missing marker (None, NaN) shown as None."""
    return [None if pd.isna(v) else v for v in series]


def test_utf8_csv_strips_blanks_and_reads_missing_markers(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("id,plan,charge\n1,  Gold ,10\n2,NA,\n3,N/A, \n4,null,7\n", encoding="utf-8")
    table = read_table(path)
    assert table.encoding == "utf-8"
    assert table.source == str(path)
    assert list(table.frame.columns) == ["id", "plan", "charge"]
    assert _cells(table.frame["plan"]) == ["Gold", None, None, None]
    assert _cells(table.frame["charge"]) == ["10", None, None, "7"]


def test_extra_na_values_are_missing(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("id,charge\n1,-\n2,5\n3,?\n", encoding="utf-8")
    assert _cells(read_table(path, na_values=["-", "?"]).frame["charge"]) == [None, "5", None]
    assert _cells(read_table(path).frame["charge"]) == ["-", "5", "?"]


def test_chinese_missing_markers_are_defaults() -> None:
    assert {"缺失", "空", "", "NA", "null"} <= set(DEFAULT_NA)


def test_gbk_csv_with_chinese_header_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    CHINESE.to_csv(path, index=False, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the file really is not UTF-8
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert list(table.frame.columns) == list(CHINESE.columns)
    assert table.frame["套餐"].tolist() == CHINESE["套餐"].tolist()
    assert table.frame["是否流失"].tolist() == ["流失", "未流失", "未流失", "流失"]


def test_explicit_encoding_is_used(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    CHINESE.to_csv(path, index=False, encoding="gbk")
    table = read_table(path, encoding="gbk")
    assert table.encoding == "gbk"
    assert table.frame.shape == (4, 4)


def test_wrong_explicit_encoding_names_file_encoding_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    CHINESE.to_csv(path, index=False, encoding="gbk")
    with pytest.raises(DataError) as info:
        read_table(path, encoding="utf-8")
    error = info.value
    assert error.key == "file.decode"
    assert error.exit_code == 2
    assert "gbk.csv" in str(error) and "utf-8" in str(error) and "byte 0" in str(error)
    assert "--encoding" in error.hint()


def test_unknown_encoding_name_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="'no-such-codec' is not an encoding") as info:
        read_table(path, encoding="no-such-codec")
    assert "gb18030" in info.value.hint()


def test_latin1_is_not_misread_as_chinese(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("city,fee,churn\nZürich,10,Yes\nGenève,12,No\n".encode("latin-1"))
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert table.frame["city"].tolist() == ["Zürich", "Genève"]


def test_excel_mixed_id_column_reads_as_text_and_writes_to_parquet(tmp_path: Path) -> None:
    path = tmp_path / "mixed.xlsx"
    pd.DataFrame({"id": ["C-0001", 2, 3.5], "fee": [1, 2, 3]}).to_excel(path, index=False)
    table = read_table(path)
    assert table.frame["id"].tolist() == ["C-0001", "2", "3.5"]
    out = write_table(table.frame, tmp_path / "out.parquet")
    assert pd.read_parquet(out)["id"].tolist() == ["C-0001", "2", "3.5"]


def test_utf8_bom_csv(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    CHINESE.to_csv(path, index=False, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.frame.columns[0] == "用户编号"  # no BOM glued to the first name
    assert table.frame["用户编号"].tolist() == ["U001", "U002", "U003", "U004"]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "semi.csv"
    rows = ["id,plan,charge".replace(",", delimiter)] + [f"{i}{delimiter}Gold{delimiter}{i}.5" for i in range(5)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = read_table(path).frame
    assert list(frame.columns) == ["id", "plan", "charge"]
    assert frame["charge"].tolist() == ["0.5", "1.5", "2.5", "3.5", "4.5"]


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.empty"
    assert "empty.csv is empty" in str(info.value)


def test_header_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id,plan,churn\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.empty"
    assert "header row" in info.value.hint()


def test_missing_file_names_path_and_cwd(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        read_table("nope.csv")
    assert info.value.key == "file.missing"
    assert str(info.value) == "File nope.csv does not exist."
    assert str(tmp_path) in info.value.hint()


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "customers.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.format"
    assert "'.json'" in str(info.value)
    assert ".parquet" in info.value.hint()


def test_duplicate_column_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,charge,charge,plan,plan\n1,2,3,a,b\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.duplicate_columns"
    assert "charge, plan" in str(info.value)


def test_ragged_csv_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5,6\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.extra_fields"
    assert "ragged.csv" in str(info.value) and "(rows 3)" in str(info.value)


def test_parquet_keeps_types_and_cleans_text(tmp_path: Path) -> None:
    path = tmp_path / "customers.parquet"
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "charge": [1.5, None, 3.0],
            "plan": [" Gold", "NA", "Basic "],
            "active": [True, False, True],
        }
    )
    frame.to_parquet(path)
    table = read_table(path)
    assert table.encoding == "parquet"
    assert table.frame["id"].tolist() == [1, 2, 3]
    assert pd.api.types.is_float_dtype(table.frame["charge"])
    assert table.frame["plan"].isna().tolist() == [False, True, False]
    assert table.frame["plan"].dropna().tolist() == ["Gold", "Basic"]
    assert table.frame["active"].tolist() == [True, False, True]


def test_damaged_parquet_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"this is not parquet")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert info.value.key == "file.parse"
    assert "bad.parquet" in str(info.value)


def test_xlsx_is_read(tmp_path: Path) -> None:
    path = tmp_path / "customers.xlsx"
    CHINESE.assign(月租费用=[128.5, 39, 199, 88]).to_excel(path, index=False)
    table = read_table(path)
    assert table.encoding == "xlsx"
    assert list(table.frame.columns) == list(CHINESE.columns)
    assert table.frame["月租费用"].astype(float).tolist() == [128.5, 39.0, 199.0, 88.0]
    assert table.frame["是否流失"].tolist() == ["流失", "未流失", "未流失", "流失"]


def test_write_csv_has_bom_and_round_trips(tmp_path: Path) -> None:
    out = write_table(CHINESE, tmp_path / "sub" / "scores.csv")
    assert out == tmp_path / "sub" / "scores.csv"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    back = read_table(out)
    assert back.encoding == "utf-8-sig"
    assert back.frame.equals(CHINESE)


def test_write_parquet_round_trips(tmp_path: Path) -> None:
    out = write_table(CHINESE, tmp_path / "scores.parquet")
    assert pd.read_parquet(out)["套餐"].tolist() == CHINESE["套餐"].tolist()


def test_write_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        write_table(CHINESE, tmp_path / "scores.xlsx")
    assert info.value.key == "file.write"
    assert "unsupported format '.xlsx'" in str(info.value)


def test_trailing_delimiters_do_not_shift_columns(tmp_path: Path) -> None:
    path = tmp_path / "trail.csv"
    path.write_text("id,fee,churn\n1,10,Yes,\n2,12,No,\n", encoding="utf-8")
    frame = read_table(path).frame
    assert frame["id"].tolist() == ["1", "2"] and frame["churn"].tolist() == ["Yes", "No"]


def test_excel_skips_an_empty_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame().to_excel(writer, sheet_name="cover", index=False)
        pd.DataFrame({"fee": [1, 2], "churn": ["Yes", "No"]}).to_excel(writer, sheet_name="data", index=False)
    assert read_table(path).frame["churn"].tolist() == ["Yes", "No"]


def test_rows_with_more_values_than_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("id,fee,churn\n1,10,Yes\n2,12,No,oops\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    assert str(info.value) == f"File {path}: 1 row(s) have more values than the 3 column names (rows 3)."


def test_blank_lines_are_skipped_but_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("id,fee,churn\n1,10,Yes\n\n,,\n2,12,No\n", encoding="utf-8")
    frame = read_table(path).frame
    assert frame["id"].tolist() == ["1", "2"]
    assert (frame.index + FIRST_DATA_ROW).tolist() == [2, 5]  # the file's line numbers


def test_excel_rows_keep_sheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    pd.DataFrame({"fee": [1, None, 3], "churn": ["Yes", None, "No"]}).to_excel(path, index=False)
    frame = read_table(path).frame
    assert (frame.index + FIRST_DATA_ROW).tolist() == [2, 4]  # sheet row 3 is empty
