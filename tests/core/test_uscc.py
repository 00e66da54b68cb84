import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

from parkbase.core import uscc

ALPHABET = uscc.ALPHABET


def with_check(first17: str) -> str:
    return first17 + uscc.check_character(first17)


def test_published_example_is_valid():
    assert uscc.validate("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize("department", ["A", "N", "Y"])
def test_departments_a_n_y_are_valid_although_stdnum_rejects_them(department):
    code = with_check(f"{department}1210104MA0ABCDE1")
    assert uscc.is_valid(code)
    with pytest.raises(ValidationError):
        stdnum_uscc.validate(code)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000I00Y43", "alphabet"),
        ("01350100M000100Y43", "department"),
        ("9135A100M000100Y43", "division"),
        ("91350100M000100Y44", "check"),
    ],
)
def test_each_broken_rule_is_named(value, rule):
    with pytest.raises(uscc.USCCError) as info:
        uscc.validate(value)
    assert info.value.code == rule


def test_full_width_lower_case_and_spaces_are_compacted():
    assert uscc.validate(" ９１３５０１００m000100y43 ") == "91350100M000100Y43"


@given(st.text(alphabet=ALPHABET, min_size=9, max_size=9), st.sampled_from("123456789ANY"))
def test_any_code_built_with_its_check_character_validates(org, department):
    code = with_check(f"{department}1210104{org}")
    assert uscc.is_valid(code)
    wrong = ALPHABET[(ALPHABET.index(code[-1]) + 1) % 31]
    assert not uscc.is_valid(code[:-1] + wrong)
