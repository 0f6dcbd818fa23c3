"""Avatar hashing and the logo bank (D2). Pure: fetching avatars lives in streams/worker/avatar_fetch.py."""

from enforcement.avatar.hashing import (
    AvatarError,
    decode_image,
    display_hash,
    hash_variants,
    logo_hashes,
    pdq_hash,
    phash,
    split_hash,
    with_phash,
)
from enforcement.avatar.logo_bank import LogoBank, LogoMatch, check_avatar

__all__ = [
    "AvatarError", "LogoBank", "LogoMatch", "check_avatar", "decode_image", "display_hash",
    "hash_variants", "logo_hashes", "pdq_hash",
    "phash", "split_hash", "with_phash",
]
