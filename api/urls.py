# No app namespace here: django-ninja reverses its own "api_v1:…" names at the top level.
from django.urls import path

from .v1 import api as api_v1

urlpatterns = [path("v1/", api_v1.urls)]
