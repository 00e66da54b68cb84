"""parkbase: the system of record of an industrial park management committee."""

__version__ = "0.1.0"
