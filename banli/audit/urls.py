from django.urls import path

from banli.audit import views

app_name = "audit"
urlpatterns = [path("", views.records_view, name="records")]
