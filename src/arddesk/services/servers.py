"""Companies on a PostgreSQL server: each person logs in with their own account, and the password
is kept in the system's keyring (Windows Credential Manager, macOS Keychain, the Secret Service on
Linux), never in a file of arddesk's.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError

from arddesk.domain.problems import R_
from arddesk.store import audit, roles
from arddesk.store.db import Database, DatabaseRefused, ServerAddress, server_address

KEYRING_SERVICE = "arddesk"


def _key(address: ServerAddress) -> str:
    return f"{address.user}@{address.host}:{address.port}/{address.database}"


def remembered_password(address: ServerAddress) -> str | None:
    """The password this person's keyring holds for the address, or None (none kept, or no keyring)."""
    try:
        return keyring.get_password(KEYRING_SERVICE, _key(address))
    except KeyringError:
        return None


def remember_password(address: ServerAddress, password: str) -> bool:
    """Keep the password in the keyring; False when this computer has no keyring to keep it in."""
    try:
        keyring.set_password(KEYRING_SERVICE, _key(address), password)
    except KeyringError:
        return False
    return True


def forget_password(address: ServerAddress) -> None:
    """Remove a kept password (after it was refused, or when the person asks)."""
    try:
        keyring.delete_password(KEYRING_SERVICE, _key(address))
    except KeyringError:
        return


def with_remembered_password(target: str) -> str:
    """A server URL with no password gets the one the keyring keeps for it; anything else stays as it is."""
    found = server_address(target)
    if found is None or found[1]:
        return target
    password = remembered_password(found[0])
    return target if password is None else found[0].url(password)


def is_server(target: str) -> bool:
    """Whether ``target`` is the URL of a company on a PostgreSQL server."""
    return server_address(target) is not None


def shown_address(target: str) -> str:
    """A server URL as it may be written down (the recent list): without its password."""
    found = server_address(target)
    return target if found is None else found[0].url()


def set_up_roles(db: Database) -> None:
    """Create the owner, clerk and rep roles on the company's server and grant each its rights (run by
    the database's owner, once after ``arddesk new URL`` or ``arddesk copy --to URL``, and after upgrades)."""
    found = server_address(db.location)
    if found is None:
        raise DatabaseRefused(R_("roles are for a company on a server; a company file has its owner's password."))
    with db.transaction() as session:
        roles.set_up_roles(session, found[0].database)


def add_login(db: Database, login: str, role: str, password: str, rep: str = "") -> None:
    """A server login for one person in one of the roles ``owner``, ``clerk``, ``rep``.

    A rep's login reads only the customers of the rep whose code is ``rep`` (required for that role,
    refused for the others); the link is written in the trail.
    """
    if role not in roles.ROLES:
        raise DatabaseRefused(
            R_("{role} is not a role; choose one of {roles}."), role=repr(role), roles=", ".join(roles.ROLES)
        )
    if (role == "rep") != bool(rep):
        raise DatabaseRefused(
            R_("a rep's login needs --rep CODE, the rep whose customers it reads.")
            if role == "rep"
            else R_("--rep is for a rep's login only.")
        )
    with db.transaction() as session:
        if rep and not roles.link_rep(session, login, rep):
            raise DatabaseRefused(R_("there is no rep {rep}; add them on the Staff page first."), rep=repr(rep))
        roles.add_login(session, login, role, password)
        if rep:
            audit.note(session, "link_login", "rep", rep, new=login)
