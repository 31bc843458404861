from django.urls import path

from banli.assignments import views

app_name = "assignments"
urlpatterns = [
    path("", views.assignment_list_view, name="list"),
    path("<int:pk>/do/<slug:action>/", views.assignment_action_view, name="action"),
]
