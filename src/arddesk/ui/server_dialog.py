"""File → Open a company on a server…: host, database and login, and the password kept in the keyring.

Each person logs in with their own server account, so the audit trail and the server's grants
know who it is. The password is asked here and, when the person wishes, kept in the system's
keyring (never in arddesk's settings); next time it is filled in from there.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from arddesk.services import servers
from arddesk.store.db import ServerAddress, server_address
from arddesk.text import _

W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


class ServerDialog(QDialog):
    """Asks where the company is and the person's password; :meth:`target` is the URL to open."""

    def __init__(self, parent: QWidget | None = None, last: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setWindowTitle(_("Open a company on a server"))
        self.host = _named(QLineEdit(), "serverHost")
        self.host.setPlaceholderText(_("e.g. office-server or 192.168.1.10"))
        self.port = _named(QSpinBox(), "serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = _named(QLineEdit(), "serverDatabase")
        self.user = _named(QLineEdit(), "serverUser")
        self.password = _named(QLineEdit(), "serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = _named(QCheckBox(_("Keep the password in this computer's keyring")), "serverRemember")
        self.remember.setChecked(True)
        form = QFormLayout(self)
        form.addRow(_("Server:"), self.host)
        form.addRow(_("Port:"), self.port)
        form.addRow(_("Company database:"), self.database)
        form.addRow(_("Your login:"), self.user)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.host, self.database, self.user):
            field.textChanged.connect(self._fill_password)
        self.port.valueChanged.connect(self._fill_password)
        found = server_address(last) if last else None
        if found is not None:
            self.host.setText(found[0].host)
            self.port.setValue(found[0].port)
            self.database.setText(found[0].database)
            self.user.setText(found[0].user)
        self._fill_password()

    def address(self) -> ServerAddress:
        """Where the company is, as typed."""
        return ServerAddress(self.host.text().strip(), self.database.text().strip(), self.user.text().strip(),
                             self.port.value())

    def _fill_password(self) -> None:
        address = self.address()
        complete = bool(address.host and address.database and address.user)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(complete)
        kept = servers.remembered_password(address) if complete else None
        if kept is not None:
            self.password.setText(kept)

    def target(self) -> str:
        """The URL to open; the password is kept in the keyring first when the person asked for that."""
        address, password = self.address(), self.password.text()
        if self.remember.isChecked() and password:
            servers.remember_password(address, password)
        elif not self.remember.isChecked():
            servers.forget_password(address)
        return address.url(password or None)
