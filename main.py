"""Entry point for NiceGUI's test runner (and `python main.py`): the real app."""

from dialoog.app import serve

serve()
