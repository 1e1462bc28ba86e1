"""Telemetry Desk client for Python: ``Client(url, key).track("event", {"prop": 1})``."""

from .client import Client, Stats, uuid7

__all__ = ["Client", "Stats", "uuid7"]
__version__ = "0.1.0"
