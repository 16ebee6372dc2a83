"""Local development: `make run`. Embedded services unless the environment names real ones."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
