"""Form helpers shared by every app: Tabler classes on widgets."""

from django import forms


def style_form(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    return form


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only parses input. The rules of a record (uniqueness and
    constraints included) are checked by the app's service, which reports them per field
    in the same words for pages, API and imports; so the model's own validation is not
    run here, where it would report constraints as anonymous form-wide errors."""

    def _post_clean(self):
        pass


def person_label(user) -> str:
    """A person in a choice list: full name and username."""
    name = user.get_full_name() or user.first_name
    return f"{name} ({user.username})" if name else user.username


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)
