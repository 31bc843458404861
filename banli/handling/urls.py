from django.urls import path

from banli.handling import views

app_name = "handling"
urlpatterns = [
    path("<int:pk>/", views.workspace_view, name="workspace"),
    path("<int:pk>/plan/", views.plan_view, name="plan"),
    path("<int:pk>/contacts/", views.contact_view, name="contact"),
    path("<int:pk>/reply/", views.reply_view, name="reply"),
    path("<int:pk>/opinion/", views.opinion_view, name="opinion"),
    path("<int:pk>/extension/", views.extension_view, name="extension"),
    path("co/<int:pk>/lapse/", views.lapse_view, name="lapse"),
    path("replies/<int:pk>/", views.reply_page, name="reply_page"),
    path("replies/<int:pk>/do/<slug:action>/", views.reply_action, name="reply_action"),
    path("opinions/<int:pk>/do/<slug:action>/", views.opinion_action, name="opinion_action"),
    path("extensions/<int:pk>/do/<slug:action>/", views.extension_action, name="extension_action"),
    path("checks/", views.checks_view, name="checks"),
    path("letters/<int:pk>/", views.letter_view, name="letter"),
]
