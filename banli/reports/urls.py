from django.urls import path

from banli.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("handling-report/", views.handling_report_view, name="handling_report"),
    path("rectification/", views.rectification_view, name="rectification"),
    path("rectification/<int:pk>/", views.rectification_edit_view, name="rectification_edit"),
    path("rectification/<int:pk>/delete/", views.rectification_delete_view, name="rectification_delete"),
]
