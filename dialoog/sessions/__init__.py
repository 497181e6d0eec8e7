"""The domain: plain Python, no NiceGUI. Pages call these commands and render these read models."""
