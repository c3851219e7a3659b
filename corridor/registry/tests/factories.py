import datetime as dt

import factory

from corridor.registry.models import Category, Person, Sex
from corridor.registry.search import search_text


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    original_script_name = ""
    sex = Sex.FEMALE
    birth_date = dt.date(1990, 3, 4)
    nationality = "SYR"
    category = Category.REFUGEE
    search_text = factory.LazyAttribute(
        lambda p: search_text([p.given_name, p.family_name, p.original_script_name]))
