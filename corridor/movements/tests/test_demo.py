from corridor.access.demo import demo_organisation_load
from corridor.movements.demo import demo_movements_load
from corridor.movements.models import Booking, Operation
from corridor.partners.models import Project
from corridor.registry.demo import demo_people_load


def test_demo_books_households_on_two_legs_once(db):
    demo_organisation_load()
    demo_people_load(households_per_office=6)
    from corridor.access.models import Office
    from corridor.cases.tests.conftest import make_project

    if not Project.objects.exists():
        make_project(Office.objects.get(code="CO-JOR"), code="DEMO-RET")
    booked = demo_movements_load()
    assert booked > 0 and Booking.objects.count() == booked
    operation = Operation.objects.get()
    assert [leg.destination for leg in operation.legs.all()] == ["IST", "KBL"]
    assert demo_movements_load() == 0
