from django.urls import path

from banli.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/", views.open_view, name="open"),
    path("<int:pk>/read/", views.read_view, name="read"),
    path("read-all/", views.read_all_view, name="read_all"),
    path("settings/", views.preferences_view, name="preferences"),
]
