"""URL map. Every view requires login unless marked with ``login_not_required`` (the login page, the
error handlers and the public portal under ``public/``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from banli.api.api import urls as api_urls
from banli.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("submissions/", include("banli.submissions.urls")),
    path("assignments/", include("banli.assignments.urls")),
    path("handling/", include("banli.handling.urls")),
    path("evaluation/", include("banli.evaluation.urls")),
    path("supervision/", include("banli.supervision.urls")),
    path("text/", include("banli.textindex.urls")),
    path("notifications/", include("banli.notifications.urls")),
    path("audit/", include("banli.audit.urls")),
    path("account/", include("banli.accounts.urls")),
    path("publications/", include("banli.portal.urls_manage")),
    path("public/", include("banli.portal.urls")),
    path("api/", api_urls()),
    path("api-tokens/", include("banli.api.urls")),
    path("reports/", include("banli.reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "banli.core.views.bad_request"
handler403 = "banli.core.views.permission_denied"
handler404 = "banli.core.views.page_not_found"
handler500 = "banli.core.views.server_error"
