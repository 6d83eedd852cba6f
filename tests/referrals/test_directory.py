"""The service directory: units with their services; her region's units come first."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.models import Organisation
from casework.extensions import db
from casework.referrals.directory import offered_services, set_offered_services, units_for
from casework.referrals.errors import NotAServiceUnit


def test_the_referral_form_lists_her_regions_units_first(world, make_org, as_user):
    far = make_org("uptd_ppa", region="3273", code="uptd-kota-bandung")
    other_province = make_org("uptd_ppa", region="3174", code="uptd-jakarta")
    page = as_user(world.paralegal).get(f"/cases/{world.case.reference}/referrals/new")
    body = page.get_data(as_text=True)
    near_group = body.index("Di wilayah Anda")
    other_group = body.index("Wilayah lain")
    assert near_group < body.index(str(world.uptd.id)) < other_group < body.index(str(far.id))
    assert str(other_province.id) not in body
    everywhere = as_user(world.paralegal).get(
        f"/cases/{world.case.reference}/referrals/new?units=all").get_data(as_text=True)
    assert str(other_province.id) in everywhere


def test_units_for_orders_by_nearness_and_skips_non_units(app, world, make_org):
    district_unit = make_org("health", region="320405", code="puskesmas-sukamaju")
    with app.app_context():
        home = db.session.get(Organisation, world.centre.id)
        units = units_for(home)
    ids = [u.id for u in units]
    assert ids[0] == district_unit.id
    assert world.centre.id not in ids and world.ngo.id not in ids


def test_admin_sets_a_units_services_and_the_form_follows(app, world, as_user):
    admin = as_user(world.admin)
    response = admin.post(f"/referrals/directory/{world.dinsos.id}",
                          data={"services": ["shelter", "return_home"]})
    assert response.status_code == 302
    with app.app_context():
        unit = db.session.get(Organisation, world.dinsos.id)
        assert offered_services(unit) == ["return_home", "shelter"]
    page = as_user(world.paralegal).get("/referrals/directory").get_data(as_text=True)
    assert "Pemulangan" in page
    refused = as_user(world.paralegal).post(
        f"/cases/{world.case.reference}/referrals/new",
        data={"unit": str(world.dinsos.id), "services": ["social_rehabilitation"],
              "urgency": "routine", "reason": "x", "consent_given": "y",
              "consent_given_by": "survivor"})
    assert refused.status_code == 422


def test_directory_refuses_a_non_unit(app, world, as_user):
    assert as_user(world.admin).get(f"/referrals/directory/{world.centre.id}").status_code == 404
    with app.app_context():
        centre = db.session.scalar(select(Organisation).where(Organisation.id == world.centre.id))
        with pytest.raises(NotAServiceUnit):
            set_offered_services(centre, ["health"])
