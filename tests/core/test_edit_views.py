"""The one step every page takes around a service call: a stale edit or a broken rule
lands on the form (stale above it, each rule next to its field), or becomes the page's
error messages; what follows the call in the block is skipped; anything else is not
swallowed."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory

from parkbase.core.edit_views import refusals
from parkbase.core.locking import StaleEdit
from parkbase.core.views import STALE


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def bound_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def page_request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def raise_stale():
    raise StaleEdit(2)


def test_a_stale_edit_lands_above_the_form_and_skips_the_rest():
    form, after = bound_form(), []
    with refusals(form=form) as outcome:
        raise_stale()
        after.append(1)
    assert outcome.stale and outcome.refused and not after
    assert form.non_field_errors() == [str(STALE)]


def test_a_broken_rule_lands_next_to_its_field_or_above_the_form():
    form = bound_form()
    with refusals(form=form) as outcome:
        raise ValidationError({"name": ["taken"], "elsewhere": ["not here"]})
    assert outcome.refused and not outcome.stale
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["not here"]
    assert sorted(outcome.messages) == ["not here", "taken"]


def test_without_a_form_the_refusal_becomes_the_pages_messages():
    request = page_request()
    with refusals(request) as outcome:
        raise ValidationError("no room")
    with refusals(request) as stale:
        raise StaleEdit(2)
    assert outcome.refused and stale.stale
    assert [str(m) for m in get_messages(request)] == ["no room", str(STALE)]


def test_a_call_that_goes_through_is_no_refusal_and_other_errors_pass():
    request = page_request()
    with refusals(request) as outcome:
        done = True
    assert done and not outcome.refused and outcome.messages == []
    assert list(get_messages(request)) == []
    with pytest.raises(Http404), refusals(request):
        raise Http404
