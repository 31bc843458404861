from django.urls import path

from banli.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("mine/", views.mine_view, name="mine"),
    path("rate/<int:pk>/", views.rate_view, name="rate"),
    path("follow-up/<int:pk>/", views.follow_up_view, name="follow_up"),
    path("follow-up/do/<int:pk>/<slug:action>/", views.follow_up_action, name="follow_up_action"),
    path("commitments/", views.commitments_view, name="commitments"),
    path("commitments/<int:pk>/close/", views.close_commitment_view, name="close_commitment"),
    path("year-end/", views.year_end_view, name="year_end"),
    path("reviews/<int:pk>/", views.review_view, name="review"),
    path("reviews/items/<int:pk>/", views.review_record_view, name="review_record"),
]
