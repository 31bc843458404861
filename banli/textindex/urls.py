from django.urls import path

from banli.textindex import views

app_name = "textindex"
urlpatterns = [
    path("similar/", views.similar_view, name="similar"),
    path("recommendations/accuracy/", views.recommendation_accuracy_view, name="recommendation_accuracy"),
]
