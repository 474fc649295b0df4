"""File → Open a company on a server…: the password goes to the keyring, never into the settings."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from arddesk.services import company, servers
from arddesk.store.db import ServerAddress, server_address
from arddesk.ui.server_dialog import ServerDialog


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, for the test only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def test_the_password_is_kept_in_the_keyring_and_filled_in_next_time(qtbot, memory_keyring: MemoryKeyring) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
    assert not open_button.isEnabled()
    qtbot.keyClicks(dialog.host, "office-server")
    qtbot.keyClicks(dialog.database, "acme")
    qtbot.keyClicks(dialog.user, "mei")
    qtbot.keyClicks(dialog.password, "s3cret/;@")
    assert open_button.isEnabled()
    target = dialog.target()
    assert servers.shown_address(target) == "postgresql+psycopg://mei@office-server:5432/acme"
    assert server_address(target) == (ServerAddress("office-server", "acme", "mei"), "s3cret/;@")
    assert memory_keyring.kept == {("arddesk", "mei@office-server:5432/acme"): "s3cret/;@"}
    assert servers.with_remembered_password(servers.shown_address(target)) == target

    again = ServerDialog(last=servers.shown_address(target))
    qtbot.addWidget(again)
    assert (again.host.text(), again.database.text(), again.user.text()) == ("office-server", "acme", "mei")
    assert again.password.text() == "s3cret/;@"


def test_unticking_keep_forgets_the_password(qtbot, memory_keyring: MemoryKeyring) -> None:
    servers.remember_password(ServerAddress("h", "acme", "mei"), "old")
    dialog = ServerDialog(last="postgresql+psycopg://mei@h:5432/acme")
    qtbot.addWidget(dialog)
    assert dialog.password.text() == "old"
    dialog.remember.setFocus()
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    assert not dialog.remember.isChecked()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "typed once")
    assert server_address(dialog.target()) == (ServerAddress("h", "acme", "mei"), "typed once")
    assert memory_keyring.kept == {}


def test_the_window_remembers_the_server_but_not_the_password(window, db, monkeypatch, memory_keyring) -> None:
    monkeypatch.setattr(company, "open_company", lambda target, **_: company.OpenCompany(db, "", ()))
    monkeypatch.setattr(ServerDialog, "exec", lambda self: ServerDialog.DialogCode.Accepted)
    monkeypatch.setattr(ServerDialog, "target", lambda self: "postgresql+psycopg://mei:pw@h:5432/acme")
    window.open_server_action.trigger()
    assert window.settings.value("last_server") == "postgresql+psycopg://mei@h:5432/acme"
    assert "pw" not in "".join(str(window.settings.value(key)) for key in window.settings.allKeys())
