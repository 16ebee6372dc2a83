"""Local development: `make run`. Embedded services unless the environment names real ones."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
# Demo staff accounts have no authenticator app on a laptop: `make run` lets them into the admin
# with a password. STAFF_MFA_REQUIRED=true in the environment tries the production rule.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
