from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "banli.documents"
    label = "documents"
    verbose_name = "公文文档"
