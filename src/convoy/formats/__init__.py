"""Date and number formats per language, on top of Django's (FORMAT_MODULE_PATH)."""
