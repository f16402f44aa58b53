"""culturelint: checks marketing and social copy for cultural fit, market by market."""

__version__ = "0.1.0"
