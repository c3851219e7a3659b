"""Forms of the flows pages: the analytics filters, an import, a monitoring point."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.flows import labels
from corridor.flows.models import ImportKind, MonitoringPoint, PointKind
from corridor.geo.countries import country_name
from corridor.geo.models import AdminArea
from engines.flowstats.schema import AGE_GROUPS, DIRECTIONS, SEXES

FREQUENCIES = [("daily", _("Daily")), ("weekly", _("Weekly")), ("monthly", _("Monthly"))]


def _choices(dimension: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", _("All")), *labels.choices(dimension, values)]


class FlowFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    frequency = forms.ChoiceField(label=_("Period"), choices=FREQUENCIES, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    admin_area = forms.CharField(label=_("Admin area (P-code)"), required=False, max_length=20)
    point = forms.ModelChoiceField(label=_("Point"), required=False, queryset=MonitoringPoint.objects.none())
    nationality = forms.CharField(label=_("Nationality (ISO3)"), required=False, max_length=3)
    sex = forms.ChoiceField(label=_("Sex"), choices=_choices("sex", SEXES), required=False)
    age_group = forms.ChoiceField(label=_("Age group"), choices=_choices("age_group", AGE_GROUPS),
                                  required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=_choices("direction", DIRECTIONS),
                                  required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=40)

    def __init__(self, *args, points=None, countries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if points is not None:
            self.fields["point"].queryset = points
        # The reader picks a name; the query keeps the ISO3 code (links, exports, the engine).
        self.fields["country"].choices = [("", _("All"))] + [
            (c, f"{country_name(c)} ({c})") for c in sorted(countries)]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The period ends before it starts."))
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    file = forms.FileField(label=_("File (CSV, Excel, HXL-tagged CSV or a form export)"))

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class PointForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices)
    admin_area = forms.ModelChoiceField(label=_("Administrative area"), queryset=AdminArea.objects.none())
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=8, decimal_places=5,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=8, decimal_places=5,
                                   min_value=-180, max_value=180)

    def __init__(self, *args, offices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        countries = set(offices.values_list("country", flat=True))
        self.fields["admin_area"].queryset = AdminArea.objects.filter(country__in=countries)
