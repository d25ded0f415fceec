"""Filters the API's lists share: whole numbers within bounds, so that `?year=0`, `?year=2020.5`
or an id beyond the database's integers is a 400 that says why, never a server error."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

MAX_ID = 2**31 - 1


class IntFilter(filters.NumberFilter):
    """An id or a count: a whole number from 0 to 2³¹−1."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(IntFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1990)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("label", _("Năm"))
        super().__init__(*args, **kwargs)
