"""Bundled data: the tip library and the demo portfolio, read with importlib.resources."""
