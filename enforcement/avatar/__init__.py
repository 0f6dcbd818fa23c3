"""Avatar hashing and the logo bank (D2). Pure: fetching avatars lives in streams/worker/avatar_fetch.py."""

import os

# The hashes' matrix products are small: more OpenBLAS threads do not finish one sooner (measured: the same
# 3.8 ms an avatar with one thread or two), but the extra ones spin while they wait, taking a core from the
# broker and Redis a worker shares the machine with. Read by numpy when it loads, which this package is the
# first to import; a value the operator set stands.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
