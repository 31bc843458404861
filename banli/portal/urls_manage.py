"""The offices' publishing pages (login required, like every internal page)."""

from django.urls import path

from banli.portal import views_manage as views

app_name = "publications"
urlpatterns = [
    path("", views.due_view, name="due"),
    path("preview/", views.preview_view, name="preview"),
    path("publish/", views.publish_view, name="publish"),
    path("replies/<int:pk>/", views.edit_view, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("reports/", views.reports_view, name="reports"),
    path("reports/<int:pk>/publish/", views.report_publish_view, {"published": True}, name="report_publish"),
    path(
        "reports/<int:pk>/unpublish/",
        views.report_publish_view,
        {"published": False},
        name="report_unpublish",
    ),
    path("reports/<int:pk>/file/", views.report_file_view, name="report_file"),
]
