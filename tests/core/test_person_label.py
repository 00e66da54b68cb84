"""People in choice lists: by their names; the username only tells apart two people of
the same name (or stands in for a missing name)."""

import pytest

from parkbase.core.forms import PeopleChoiceField, PersonChoiceField
from parkbase.core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value]


@pytest.mark.parametrize("field_class", [PersonChoiceField, PeopleChoiceField])
def test_a_name_alone_unless_two_people_share_it(field_class):
    UserFactory(username="xiagl", first_name="夏桂兰", last_name="")
    UserFactory(username="wangf1", first_name="王芳", last_name="")
    UserFactory(username="wangf2", first_name="王芳", last_name="")
    UserFactory(username="noname", first_name="", last_name="")
    field = field_class(queryset=User.objects.all().order_by("username"))
    assert labels(field) == ["noname", "王芳 (wangf1)", "王芳 (wangf2)", "夏桂兰"]
    # another queryset: the twins are counted again
    field.queryset = User.objects.filter(username__in=["wangf1", "xiagl"]).order_by("username")
    assert labels(field) == ["王芳", "夏桂兰"]
