from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo data, the generated headquarters and the benchmarks: installed by the
    development and test settings, never by production's."""

    name = "devdata"
    verbose_name = "Development data"
