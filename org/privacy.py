"""Reading the encrypted personal fields of a staff profile, and masking them for display.

Plaintext leaves this module only through `staff_phone` / `staff_id_number`;
pages show the masked forms unless the reader may see the full value (and
that reveal is audited, see `org.services.staff_reveal`).
"""

from __future__ import annotations

from core.crypto import DecryptionError, sm4_decrypt
from org.models import Staff


def _decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return sm4_decrypt(token)
    except (DecryptionError, ValueError):
        # A damaged value must not take the page down; it shows as unreadable.
        return "?"


def staff_phone(staff: Staff) -> str:
    return _decrypt(staff.phone_encrypted)


def staff_id_number(staff: Staff) -> str:
    return _decrypt(staff.id_number_encrypted)


def mask_phone(phone: str) -> str:
    """138****5678."""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(id_number: str) -> str:
    """1101**********1234: region prefix and the last four, nothing of the birth date."""
    if len(id_number) < 9:
        return "*" * len(id_number)
    return f"{id_number[:4]}{'*' * (len(id_number) - 8)}{id_number[-4:]}"


def masked_phone(staff: Staff) -> str:
    return mask_phone(staff_phone(staff))


def masked_id_number(staff: Staff) -> str:
    return mask_id_number(staff_id_number(staff))
