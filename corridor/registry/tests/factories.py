import datetime as dt

import factory

from corridor.registry.models import Category, Person, Sex
from corridor.registry.search import store_name_keys


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    original_script_name = ""
    sex = Sex.FEMALE
    birth_date = dt.date(1990, 3, 4)
    nationality = "SYR"
    category = Category.REFUGEE

    @factory.post_generation
    def name_keys(person, create, extracted, **kwargs):
        if create:
            store_name_keys([person])
