from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo park and its `parkbase demo` command; no models of its own."""

    name = "parkbase.demo"
    label = "demo"
