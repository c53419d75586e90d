"""Offline-first: app icons and manifest, each language's offline pack, the service worker."""
