"""coach: a keyboard-driven terminal coach for key-account managers."""

__version__ = "0.1.0"
