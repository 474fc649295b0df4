"""Company settings: letterhead, aging defaults, class thresholds."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from arddesk.domain.aging import DEFAULT_BUCKETS, DEFAULT_CLASS_THRESHOLDS, BucketSet, ClassThresholds
from arddesk.domain.keys import KeyRule
from arddesk.domain.problems import R_, InvalidValue, Problem
from arddesk.services.errors import Rejected
from arddesk.store.db import Database
from arddesk.store.settings import read_settings, write_settings


@dataclass(frozen=True, slots=True)
class CompanySettings:
    """Everything a company sets once; each field is stored as text under its name."""

    company_name: str = "My Company"
    # The name in Chinese, printed on letters to customers who read Chinese (blank: company_name).
    company_name_zh: str = ""
    company_address: str = ""
    company_phone: str = ""
    bank_details: str = ""
    # The letterhead of English letters (blank: the fields above, as they are).
    company_name_en: str = ""
    company_address_en: str = ""
    bank_details_en: str = ""
    currency: str = "CNY"
    aging_buckets: str = DEFAULT_BUCKETS
    class_thresholds: str = DEFAULT_CLASS_THRESHOLDS
    letter_paper: str = "A4"
    company_logo: str = ""
    letter_reply_days: str = "21"
    # Key receivables (seed 000 §2.1): the fewest customers holding key_share % of the overdue, at most key_most.
    key_share: str = "80"
    key_most: str = "20"

    def problems(self) -> list[Problem]:
        """What is wrong with these settings (empty when valid)."""
        found = []
        for name, check in (("aging_buckets", BucketSet.parse), ("class_thresholds", ClassThresholds.parse)):
            try:
                check(getattr(self, name))
            except InvalidValue as exc:
                found.append(exc.problem(None, name, getattr(self, name)))
        if not self.company_name.strip():
            found.append(Problem(None, "company_name", "", R_("required")))
        if self.letter_paper.lower() not in ("a4", "letter"):
            found.append(Problem(None, "letter_paper", self.letter_paper, R_("A4 or letter")))
        if not (self.letter_reply_days.isdigit() and 1 <= int(self.letter_reply_days) <= 365):
            found.append(
                Problem(None, "letter_reply_days", self.letter_reply_days, R_("a number of days from 1 to 365"))
            )
        if not (self.key_share.isdigit() and self.key_most.isdigit()):
            found += [Problem(None, name, getattr(self, name), R_("a whole number"))
                      for name in ("key_share", "key_most") if not getattr(self, name).isdigit()]  # fmt: skip
        else:
            found += self.key_rule.problems()
        if self.company_logo.strip() and not Path(self.company_logo).expanduser().is_file():
            found.append(Problem(None, "company_logo", self.company_logo, R_("no such image file")))
        return found

    def for_language(self, language: str) -> CompanySettings:
        """The settings as a letter in ``language`` shows them: the Chinese name on Chinese letters; the English
        name, address and bank on English ones (each blank field: the one above it, as it is)."""
        if language.startswith("zh"):
            return replace(self, company_name=self.company_name_zh.strip() or self.company_name)
        if language != "en":
            return self
        return replace(
            self,
            company_name=self.company_name_en.strip() or self.company_name,
            company_address=self.company_address_en.strip() or self.company_address,
            bank_details=self.bank_details_en.strip() or self.bank_details,
        )

    @property
    def key_rule(self) -> KeyRule:
        """The owner's rule for key receivables (the default when the stored one is not a number)."""
        if not (self.key_share.isdigit() and self.key_most.isdigit()):
            return KeyRule()
        return KeyRule(int(self.key_share), int(self.key_most))

    @property
    def thresholds(self) -> ClassThresholds:
        """The class thresholds as an object."""
        return ClassThresholds.parse(self.class_thresholds)


def load_settings(db: Database) -> CompanySettings:
    """The company's settings, with defaults for anything never set."""
    with db.reading() as session:
        stored = read_settings(session)
    known = {field.name for field in fields(CompanySettings)}
    return CompanySettings(**{key: value for key, value in stored.items() if key in known})


def update_settings(db: Database, **changes: str) -> CompanySettings:
    """Change some settings; all are checked first and nothing is saved if any is wrong.

    Every change is written in the audit trail.

    Raises:
        Rejected: with one problem per bad setting.
    """
    current = load_settings(db)
    try:
        updated = replace(current, **changes)
    except TypeError as exc:
        raise Rejected([Problem(None, "", "", R_("unknown setting ({error})"), {"error": str(exc)})]) from exc
    problems = updated.problems()
    if problems:
        raise Rejected(problems)
    with db.transaction() as session:
        write_settings(session, changes)
    return updated
