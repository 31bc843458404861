from django.urls import path

from banli.assignments import views, views_plan

app_name = "assignments"
urlpatterns = [
    path("", views.assignment_list_view, name="list"),
    path("<int:pk>/", views.assignment_detail_view, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.assignment_action_view, name="action"),
    path("<int:pk>/adjust/", views.request_adjustment_view, name="request_adjustment"),
    path("plan/<int:pk>/", views_plan.plan_page, name="plan"),
    path("plan/<int:pk>/do/", views_plan.plan_action, name="plan_action"),
    path("adjustments/", views_plan.adjustment_list_view, name="adjustments"),
    path("adjustments/<int:pk>/do/<slug:action>/", views_plan.adjustment_action, name="adjustment_action"),
    path("bulk/", views_plan.bulk_assign_view, name="bulk"),
    path("notices/", views_plan.notices_view, name="notices"),
    path("meeting/", views_plan.meeting_view, name="meeting"),
]
