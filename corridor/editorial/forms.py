"""The editor's form of an item, built from the kind's schema (corridor.portal.kinds): one input per
language for every translated text, and a JSON list for the kind's rows (versions, timetable,
organisations, messages, reach, outputs), which the services check field by field."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.portal import kinds, languages, vocab
from corridor.portal.templatetags.portal_tags import language_name


def _lang_label(label, code: str) -> str:
    return f"{label} ({language_name(code)})"


class ItemForm(forms.Form):
    note = forms.CharField(label=_("What changed (shown in the public history)"), required=False,
                           max_length=255)

    def __init__(self, kind: str, *args, snapshot: dict | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        snapshot = snapshot or {}
        codes = languages.codes()
        if new:
            self.fields["source_language"] = forms.ChoiceField(
                label=_("Written first in"), choices=[(c, language_name(c)) for c in codes])
        for code in codes:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_lang_label(_("Title"), code), required=False, max_length=300,
                initial=(snapshot.get("title") or {}).get(code, ""))
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_lang_label(_("Summary"), code), required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(snapshot.get("summary") or {}).get(code, ""))
            self.fields[f"body_{code}"] = forms.CharField(
                label=_lang_label(_("Full text (HTML)"), code), required=False,
                widget=forms.Textarea(attrs={"rows": 6}), initial=(snapshot.get("body") or {}).get(code, ""))
        self.fields["countries"] = forms.CharField(
            label=_("Countries (ISO codes, separated by spaces)"), required=False,
            initial=" ".join(snapshot.get("countries", [])))
        self.fields["subjects"] = forms.MultipleChoiceField(
            label=_("Subjects"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=list(vocab.SUBJECTS.items()), initial=snapshot.get("subjects", []))
        self.fields["date"] = forms.DateField(label=_("Date"), required=False, initial=snapshot.get("date"),
                                              widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["end_date"] = forms.DateField(label=_("End date"), required=False,
                                                  initial=snapshot.get("end_date"),
                                                  widget=forms.DateInput(attrs={"type": "date"}))
        details = snapshot.get("details") or {}
        for f in kinds.SCHEMA[kind]:
            name, value = f"d_{f.name}", details.get(f.name)
            label = kinds.LABELS.get(f.name, f.name)
            if f.type == "translated":
                for code in codes:
                    self.fields[f"{name}_{code}"] = forms.CharField(
                        label=_lang_label(label, code), required=False, initial=(value or {}).get(code, ""))
            elif f.type == "choice":
                self.fields[name] = forms.ChoiceField(label=label, required=False, initial=value,
                                                      choices=[("", "—"), *f.choices.items()])
            elif f.type == "codes":
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, required=False, choices=list(f.choices.items()), initial=value or [],
                    widget=forms.CheckboxSelectMultiple)
            elif f.type == "strings":
                self.fields[name] = forms.CharField(label=label, required=False,
                                                    help_text=_("Separate them with semicolons."),
                                                    initial="; ".join(value or []))
            elif f.type == "rows":
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("A JSON list, one object per line of the table: %(fields)s.")
                    % {"fields": ", ".join(r.name for r in f.rows)},
                    initial=json.dumps(value or [], ensure_ascii=False, indent=1))
            else:
                self.fields[name] = forms.CharField(label=label, required=False, initial=value or "")

    def clean(self):
        data = super().clean()
        for f in kinds.SCHEMA[self.kind]:
            name = f"d_{f.name}"
            if f.type == "rows" and data.get(name):
                try:
                    data[name] = json.loads(data[name])
                except ValueError:
                    self.add_error(name, _("This is not valid JSON."))
        return data

    def snapshot(self) -> dict:
        data, codes = self.cleaned_data, languages.codes()
        details = {}
        for f in kinds.SCHEMA[self.kind]:
            name = f"d_{f.name}"
            if f.type == "translated":
                details[f.name] = {code: data.get(f"{name}_{code}", "") for code in codes}
            elif f.type == "strings":
                details[f.name] = [s for s in (data.get(name) or "").split(";") if s.strip()]
            else:
                details[f.name] = data.get(name)
        return {"title": {c: data.get(f"title_{c}", "") for c in codes},
                "summary": {c: data.get(f"summary_{c}", "") for c in codes},
                "body": {c: data.get(f"body_{c}", "") for c in codes},
                "countries": (data.get("countries") or "").replace(",", " ").split(),
                "subjects": data.get("subjects") or [],
                "date": data["date"].isoformat() if data.get("date") else None,
                "end_date": data["end_date"].isoformat() if data.get("end_date") else None,
                "details": details}


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("Publish at (empty: now)"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(label=_("Note for the public history"), required=False, max_length=255)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    language = forms.ChoiceField(label=_("Language of the file"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, language_name(c)) for c in languages.codes()]


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(label=_("Consent"), coerce=lambda v: v == "yes",
                                   choices=[("yes", _("Given")), ("no", _("Withdrawn"))])
    how = forms.CharField(label=_("How it was given or withdrawn"), max_length=255)
