"""The referrals commands: the directory's services and the overdue count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from casework.database import utcnow
from casework.extensions import db
from casework.referrals.models import Referral


def test_set_and_show_a_units_services(runner, world):
    result = runner.invoke(args=["referrals", "services", world.dinsos.code,
                                 "--set", "shelter,return_home"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("return_home, shelter")
    refused = runner.invoke(args=["referrals", "services", world.centre.code, "--set", "health"])
    assert refused.exit_code != 0 and "not a service unit" in refused.output
    unknown = runner.invoke(args=["referrals", "services", world.dinsos.code, "--set", "magic"])
    assert unknown.exit_code != 0 and "unknown services" in unknown.output


def test_overdue_counts_per_unit(app, runner, world, refer):
    referral_id = refer()
    assert "No overdue referrals." in runner.invoke(args=["referrals", "overdue"]).output
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id)
                           .values(status_changed_at=utcnow() - timedelta(days=30)))
        db.session.commit()
    result = runner.invoke(args=["referrals", "overdue"])
    assert f"{world.uptd.code}\tsent\t1" in result.output
    assert "Siti" not in result.output
