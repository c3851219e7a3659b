import datetime as dt

import factory

from corridor.registry.models import Category, Person, Sex


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    sex = Sex.FEMALE
    birth_date = dt.date(1990, 3, 4)
    nationality = "SYR"
    category = Category.REFUGEE
