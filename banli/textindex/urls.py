from django.urls import path

from banli.textindex import views

app_name = "textindex"
urlpatterns = [
    path("similar/", views.similar_view, name="similar"),
]
