"""A transfer is refused with a clear message: without her consent, to an organisation that
does not hold cases, to the case's own organisation, and while another proposal is open."""

from __future__ import annotations

from tests.transfers.conftest import transfers_of


def test_without_her_consent_nothing_is_proposed(app, world, propose):
    page = propose(consent_given=None).get_data(as_text=True)
    assert "hanya dipindahkan dengan persetujuannya" in page
    assert transfers_of(app, world.case) == []


def test_a_child_s_consent_needs_her_guardian(app, world, make_case, as_user):
    child = make_case(world.paralegal, age_band="13-17")
    client = as_user(world.paralegal)
    page = client.post(f"/cases/{child.reference}/transfer", data={
        "receiver": str(world.receiver.id), "reason": "moved_away", "urgency": "routine",
        "consent_given": "y", "consent_given_by": "survivor"}).get_data(as_text=True)
    assert "Untuk anak" in page
    assert transfers_of(app, child) == []


def test_not_to_an_organisation_that_does_not_hold_cases(app, world, propose):
    page = propose(world.dukcapil).get_data(as_text=True)
    assert "lembaga ini tidak menangani kasus" in page
    assert transfers_of(app, world.case) == []


def test_not_to_its_own_organisation(app, world, propose):
    page = propose(world.centre).get_data(as_text=True)
    assert "sudah dipegang oleh lembaga tersebut" in page
    assert transfers_of(app, world.case) == []


def test_a_forged_organisation_id_is_refused(app, world, propose):
    page = propose(receiver="not-an-id").get_data(as_text=True)
    assert "lembaga ini tidak menangani kasus" in page
    assert transfers_of(app, world.case) == []


def test_a_second_open_proposal_is_refused(app, world, propose):
    assert "Pemindahan diusulkan kepada" in propose().get_data(as_text=True)
    page = propose(world.uptd).get_data(as_text=True)
    assert "sudah memiliki usulan pemindahan yang masih terbuka" in page
    assert [t.status for t in transfers_of(app, world.case)] == ["proposed"]


def test_after_a_withdrawal_a_new_proposal_may_be_made(app, world, propose, as_user):
    propose()
    client = as_user(world.paralegal)
    response = client.post(f"/cases/{world.case.reference}/transfer/withdraw",
                           follow_redirects=True)
    assert "Usulan pemindahan ditarik." in response.get_data(as_text=True)
    assert "Pemindahan diusulkan kepada" in propose(world.uptd).get_data(as_text=True)
    assert [t.status for t in transfers_of(app, world.case)] == ["withdrawn", "proposed"]


def test_withdrawing_when_nothing_is_open_says_so(world, as_user):
    client = as_user(world.paralegal)
    page = client.post(f"/cases/{world.case.reference}/transfer/withdraw",
                       follow_redirects=True).get_data(as_text=True)
    assert "tidak memiliki usulan pemindahan yang terbuka" in page


def test_the_refusal_names_the_kinds_that_hold_cases_as_the_role_table_does(app, world,
                                                                             propose):
    page = propose(world.dukcapil).get_data(as_text=True)
    assert ("(Pusat Layanan Komunitas, Lembaga pengada layanan, UPTD PPA, Dinas Sosial)"
            in page)
