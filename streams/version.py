"""The running Qinglang version (from the installed distribution)."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("qinglang")
except PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "0.0.0+source"
