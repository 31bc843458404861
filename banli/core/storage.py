"""Static file storage: hashed, compressed names once collectstatic has run; plain names before.

Tests and a fresh checkout render pages without a manifest (the plain name is served by the
staticfiles finders); production runs collectstatic (make run does) and gets the hashed,
long-cached files from WhiteNoise.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:  # not collected yet
            return name
