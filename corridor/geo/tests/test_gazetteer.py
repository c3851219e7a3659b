"""Gazetteer import: CSV, HXL and COD wide form; all or nothing with row and field; idempotent."""

from __future__ import annotations

import pytest

from corridor.core.errors import ValidationFailed
from corridor.geo import services
from corridor.geo.demo import gazetteer_demo_load
from corridor.geo.models import AdminArea, Site


def test_the_demo_gazetteer_loads_once_with_centroids(db):
    assert gazetteer_demo_load() > 70
    iraq = AdminArea.objects.get(pcode="IQ")
    assert iraq.level == 0 and iraq.latitude is not None  # mean of its governorates
    ninewa = AdminArea.objects.get(pcode="IQG15")
    assert ninewa.parent == iraq and ninewa.country == "IRQ" and ninewa.level == 1
    assert Site.objects.filter(admin_area__pcode="JO22").exists()
    assert gazetteer_demo_load() == 0


def test_reimporting_changes_nothing(db):
    gazetteer_demo_load()
    from corridor.geo.demo import DATA

    data = (DATA / "demo_gazetteer_hxl.csv").read_bytes()
    report = services.gazetteer_import(actor=None, data=data, filename="again.csv")
    assert report.created == 0 and report.updated == 0 and report.unchanged > 70


def test_long_form_with_bad_rows_is_refused_whole(db):
    data = (b"pcode,name,level,country,parent\n"
            b"SD,Sudan,0,SDN,\n"
            b"SD01,Khartoum,1,SDN,SD\n"
            b"SD02,Kassala,1,XXX,SD\n"
            b"SD0101,Bahri,2,SDN,SD09\n")
    with pytest.raises(ValidationFailed) as caught:
        services.gazetteer_import(actor=None, data=data, filename="sd.csv")
    found = {(p["where"], p["field"]) for p in caught.value.problems}
    assert ("sd.csv, row 4", "country") in found and ("sd.csv, row 5", "parent") in found
    assert not AdminArea.objects.exists()


def test_hashtags_only_file_is_read(db):
    data = (b"#country+code,#adm0+code,#adm1+code,#adm1+name,#adm2+code,#adm2+name\n"
            b"SDN,SD,SD01,Khartoum,SD0101,Bahri\nSDN,SD,SD01,Khartoum,SD0102,Omdurman\n")
    report = services.gazetteer_import(actor=None, data=data, filename="cod.csv")
    assert report.created == 4
    assert AdminArea.objects.get(pcode="SD0102").parent.pcode == "SD01"
