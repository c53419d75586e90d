"""Forms: one schema per form in data/forms/, its texts in every language."""
