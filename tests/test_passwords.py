import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD, login


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Ab1!xyz", "at least 8"),
        ("abcdefgh1", "two classes only"),
        ("ABCDEFGH", "one class only"),
        ("12345678", "numeric"),
    ],
)
def test_weak_passwords_are_rejected(password, reason, lixia_user):
    with pytest.raises(ValidationError):
        validate_password(password, lixia_user)


def test_password_with_three_character_classes_is_accepted(lixia_user):
    validate_password("Qiangshi2025", lixia_user)
    validate_password("qiangshi#2025", lixia_user)


def test_rejection_messages_are_chinese(lixia_user):
    with pytest.raises(ValidationError) as error:
        validate_password("abcdefgh1", lixia_user)
    assert "至少 3 类" in " ".join(error.value.messages)


def _change(client, old, new):
    return client.post(
        "/account/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_none_of_the_last_five_passwords_can_be_reused_but_the_sixth_can(client, lixia_user):
    login(client, "lixia")
    history = [PASSWORD, "Second#2025", "Third#2025", "Fourth#2025", "Fifth#2025"]
    current = PASSWORD
    for new in history[1:]:
        assert _change(client, current, new).status_code == 302
        current = new
    for old in history:
        response = _change(client, current, old)
        assert response.status_code == 200
        assert "最近 5 次" in response.content.decode()
    assert _change(client, current, "Sixth#2025").status_code == 302
    # PASSWORD is now six changes back and may be used again.
    assert _change(client, "Sixth#2025", PASSWORD).status_code == 302
