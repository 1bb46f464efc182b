"""Each language's date formats (settings.FORMAT_MODULE_PATH), used by name in templates:
date:"DATE_FORMAT"."""
