from django.urls import path

from banli.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.security_view, name="security"),
    path("otp/setup/", views.otp_setup_view, name="otp_setup"),
    path("otp/verify/", views.otp_verify_view, name="otp_verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
