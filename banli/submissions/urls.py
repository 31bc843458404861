from django.urls import path

from banli.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list_view, name="list"),
    path("<int:pk>/", views.submission_detail_view, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.submission_action_view, name="action"),
]
