from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkbase.core.text import normalise_text, normalise_texts
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.imports import converters, engine
from parkbase.imports import values as V
from parkbase.imports.engine import (
    Column,
    column_letter,
    make_column_converter,
    make_converter,
    parse_table,
)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_header_under_title_rows_with_units_totals_and_notes():
    rows = [
        ["2019年园区企业主要经济指标", None, None, None],
        ["填报单位：园区管委会", None, None, None],
        ["统一社会信用代码", "年度", "土地面积（亩）", "工业总产值(亿元)"],
        ["91350100M000100Y43", 2019, "１５", "1.5"],
        ["合计", None, 15, 1.5],
        ["注：数据来源于2019年企业调查", None, None, None],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    assert table.mapping.header_row == 3
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.number == 4
    assert row.problems == []
    assert row.values["land_area"] == Decimal("10000.00")
    assert row.values["gross_output"] == Decimal("150000000.00")
    assert [reason for _n, reason in table.skipped] == ["total", "note"]


def test_merged_two_row_header_takes_the_upper_cell_where_the_lower_is_blank():
    rows = [
        ["统一社会信用代码", "年度", "产出情况", None],
        [None, None, "工业总产值(万元)", "工业增加值(万元)"],
        ["91350100M000100Y43", "2019", 100, 30],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    assert table.mapping.header_row == 2
    values = table.rows[0].values
    assert values["uscc"] == "91350100M000100Y43"
    assert values["year"] == 2019
    assert values["value_added"] == Decimal("300000.00")


def test_problems_name_row_column_and_rule():
    rows = [
        ["统一社会信用代码", "年度", "工业总产值(万元)", "用电量(千瓦时)"],
        ["91350100M000100Y43", 2019, "#DIV/0!", "12.5"],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    problems = {(p.row, p.column, p.code) for p in table.rows[0].problems}
    assert problems == {(2, "C", "excel_error"), (2, "D", "not_an_integer")}


# ---------------------------------------------------------------- whole-column conversion

# every kind of column of both imports, in its template unit and in others
COLUMN_UNITS = [
    (col, unit)
    for col in (*YEAR_COLUMNS, *ENTERPRISE_COLUMNS)
    for unit in dict.fromkeys((col.default_unit, "", "亩", "亿元", "千克", "万千瓦时", "斤"))
    if unit in ("", col.default_unit) or col.unit_kind
] + [(Column("x", ("x",), kind="decimal", places=None), ""), (Column("y", ("y",)), "")]

floats = st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1e9, 1e9).map(
    lambda x: round(x, 2)
)
texts = st.text(alphabet=" \u3000\xa0-—/#Err:0123456789.,，（）%abcA企业１２ＡＢ", max_size=12)
cells = st.lists(
    floats | texts | st.sampled_from(["", None, "-", "#DIV/0!", V.CellError("#REF!")]),
    max_size=30,
)


def _one_by_one(col, unit, column):
    convert = make_converter(col, unit)
    values, problems = [], {}
    for position, cell in enumerate(column):
        try:
            values.append(convert(cell))
        except V.ValueProblem as exc:
            values.append(None)
            problems[position] = exc.code
    return values, problems


def _same(got, want):
    """Equal values of the same class (Decimal('1.0') and Decimal('1.00') differ)."""
    assert [(type(v), str(v)) for v in got] == [(type(v), str(v)) for v in want]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COLUMN_UNITS), cells)
def test_a_whole_column_converts_as_its_cells_do_one_by_one(col_unit, column):
    col, unit = col_unit
    values, problems = make_column_converter(col, unit)(list(column))
    want_values, want_problems = _one_by_one(col, unit, column)
    _same(values, want_values)
    assert problems == want_problems


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(COLUMN_UNITS), st.lists(floats | st.sampled_from(["", None]), max_size=40))
def test_plain_number_columns_convert_as_cells_one_by_one(col_unit, column):
    col, unit = col_unit
    values, problems = make_column_converter(col, unit)(list(column))
    want_values, want_problems = _one_by_one(col, unit, column)
    _same(values, want_values)
    assert problems == want_problems


@settings(deadline=None)
@given(st.lists(st.text(max_size=8) | texts, max_size=20))
def test_normalise_texts_is_normalise_text_of_each(strings):
    assert list(normalise_texts(strings)) == [normalise_text(s) for s in strings]


def test_plain_columns_take_the_whole_column_path():
    by_field = {c.field: c for c in YEAR_COLUMNS}
    for field, unit, column in [
        ("gross_output", "万元", [1.25, 3.0, ""]),
        ("land_area", "亩", [1.5, 2.0]),
        ("staff_year_end", "人", [12.0, None]),
        ("electricity_kwh", "万千瓦时", [1.5]),
        ("name", "", ["企业 １", None, "-"]),
    ]:
        plain = converters._plain_converter(by_field[field], unit)
        assert plain(column) == make_column_converter(by_field[field], unit)(column)[0]


def test_rounding_half_up_scaling_and_blanks_in_a_whole_column():
    gross = next(c for c in YEAR_COLUMNS if c.field == "gross_output")
    staff = next(c for c in YEAR_COLUMNS if c.field == "staff_year_end")
    values, problems = make_column_converter(gross, "万元")([1.005, 0.125, "", None, 2.0])
    _same(
        values,
        [Decimal("10050.00"), Decimal("1250.00"), None, None, Decimal("20000.00")],
    )
    assert problems == {}
    values, problems = make_column_converter(staff, "人")([12.0, 12.5, "-", float("inf")])
    assert values == [12, None, None, None]
    assert problems == {1: "not_an_integer", 3: "not_a_number"}


def test_problems_and_required_blanks_keep_row_and_column_order():
    rows = [
        ["统一社会信用代码", "年度", "工业总产值(万元)", "用电量(千瓦时)"],
        ["91350100M000100Y43", 2019.0, 1.5, 2.0],
        ["91350100M000100Y43", "", "x", 3.5],
        ["91350100M000100Y43", None, 1.0, 4.0],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    got = [[(p.column, p.code, p.value) for p in row.problems] for row in table.rows]
    assert got == [
        [],
        [("B", "required", ""), ("C", "not_a_number", "x"), ("D", "not_an_integer", 3.5)],
        [("B", "required", None)],
    ]
    assert table.rows[0].values == {
        "uscc": "91350100M000100Y43",
        "year": 2019,
        "gross_output": Decimal("15000.00"),
        "electricity_kwh": 2,
    }


grid_floats = st.floats(-1e13, 1e13, allow_nan=False) | st.integers(-(10**9), 10**9).map(
    lambda n: n / 100
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(grid_floats, min_size=1, max_size=30), st.sampled_from([0, 2, 3]), st.integers(-3, 8)
)
def test_floats_on_the_grid_convert_as_their_repr_does(cells, places, shift):
    """The fast path for columns of typed decimals gives exactly the Decimals (value
    and exponent) of Decimal(repr(cell)) shifted and rounded half up, or steps aside."""
    fast = converters._on_the_grid(cells, places, shift)
    if fast is None:
        return
    quantum = Decimal(1).scaleb(-places)
    want = [
        (Decimal(repr(c)) * Decimal(1).scaleb(shift)).quantize(quantum, ROUND_HALF_UP)
        for c in cells
    ]
    _same(fast, want)


def test_typed_decimals_take_the_fast_path_and_half_way_cells_do_not():
    assert converters._on_the_grid([1234.56, 0.1, 2.0], 2, 4) == [
        Decimal("12345600.00"),
        Decimal("1000.00"),
        Decimal("20000.00"),
    ]
    assert converters._on_the_grid([1.005], 2, 0) is None  # half-way: the exact path rounds it
    assert converters._on_the_grid([-1.5, 2.0], 2, 0) is None  # negative: the exact path
    assert converters._on_the_grid([1e15], 2, 0) is None  # beyond the float's fine grid
    assert converters._power_of_ten(Decimal("10000")) == 4
    assert converters._power_of_ten(Decimal("0.001")) == -3
    assert converters._power_of_ten(Decimal(2000) / 3) is None


row_cells = (
    st.sampled_from(
        [
            "",
            None,
            "-",
            " — ",
            "合计",
            "小 计",
            "Total",
            "注：见附表",
            "企业",
            "91210100MA0TEST",
            3.0,
        ]
    )
    | st.text(alphabet="合计注：企业 　-—/a", max_size=6)
    | st.just(V.CellError("#N/A"))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(row_cells, max_size=4), max_size=12))
def test_rows_found_plainly_data_are_data_rows(rows):
    """The column-wise shortcut calls a row data only where the row-by-row rule does."""
    mapping = engine.Mapping(header_row=0, columns={}, unknown=[], missing=[])
    for row, plain in zip(rows, engine._plainly_data(rows), strict=True):
        if plain:
            assert engine._row_kind(row, mapping) is None, row


def test_totals_notes_and_blank_rows_are_not_plainly_data():
    rows = [
        ["企业甲", "9121"],
        ["合计", 3.0],
        ["注：单位万元", ""],
        ["", ""],
        [1.0],
        ["企业乙", "-"],
    ]
    assert engine._plainly_data(rows) == [True, False, False, False, True, False]
