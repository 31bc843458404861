"""The public portal: open to everyone, read-only."""

from django.urls import path

from banli.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("replies/", views.reply_list, name="replies"),
    path("replies/<int:pk>/", views.reply_detail, name="reply"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
