"""Where CVs are stored: a private storage, never served as a public URL.

Files go through Django's storage API so that production can use an S3-compatible bucket.
When the project defines a ``"prive"`` alias in ``STORAGES`` (a bucket without public
access), CVs use it; otherwise the default storage is used, whose files are not served
either: the project sets no ``MEDIA_URL`` and no URL serves ``MEDIA_ROOT``. Downloads go
through ``candidats:cv``, which checks who asks.
"""

import uuid

from django.conf import settings
from django.core.files.storage import default_storage, storages

DOSSIER_CV = "prive/candidats/cv"


def stockage_prive():
    if "prive" in settings.STORAGES:
        return storages["prive"]
    return default_storage


def chemin_cv(instance, nom_fichier: str) -> str:
    """A random name: neither the person's name nor the uploaded file name reaches storage."""
    return f"{DOSSIER_CV}/{uuid.uuid4().hex}.pdf"
