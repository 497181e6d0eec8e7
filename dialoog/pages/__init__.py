"""NiceGUI pages, one module per screen. Thin: they call services and render read models."""
