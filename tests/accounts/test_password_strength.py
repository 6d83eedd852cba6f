"""Issue 16: passwords such as "qwertyuiopas" were accepted; now a breached-password
dictionary and pattern check (zxcvbn, minimum score 3) refuses them with an Indonesian reason."""

from __future__ import annotations

import pytest

from casework.accounts.passwords import MIN_STRENGTH_SCORE, password_problem, strength_score
from tests.conftest import PASSWORD


@pytest.mark.parametrize("password", [
    "qwertyuiopas",  # a keyboard row
    "asdfghjkl;'\\",
    "iloveyou2024!",  # breached password and a year
    "P@ssw0rd12345",  # l33t of a top password
    "indonesia1945",
    "abcabcabcabc",
    "123123123123",
])
def test_guessable_password_is_refused_in_indonesian(app, client, login, make_user, password):
    """The account page refuses the password with a reason in Bahasa Indonesia."""
    login(client, make_user("paralegal"))
    page = client.post("/account/password",
                       data={"current": PASSWORD, "new": password, "confirm": password})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Kata sandi ini" in text and "pilih yang lain" in text


def test_qwertyuiopas_scores_below_the_minimum(app):
    """The example of the issue is weak by zxcvbn's estimate, not only by a list entry."""
    with app.test_request_context():
        assert strength_score("qwertyuiopas") < MIN_STRENGTH_SCORE
        assert password_problem("qwertyuiopas") is not None


def test_user_name_inside_the_password_counts_as_known(app):
    """A password made of the user name and a short suffix is refused for that user."""
    with app.test_request_context():
        assert password_problem("siti.rahma.2024", "siti.rahma") is not None


@pytest.mark.parametrize("password", [PASSWORD, "kucing makan ikan", "Rahasia-Sekali-2024"])
def test_sentences_and_strong_passwords_pass(app, password):
    """A sentence of ordinary words needs no digits or capitals."""
    with app.test_request_context():
        assert password_problem(password) is None
