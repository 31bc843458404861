"""Publications and reports in the admin: read-only, they change only through the publishing pages."""

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.portal.models import Publication, PublicReport


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("title", "state", "published_at", "jurisdiction")
    list_filter = ("state", "jurisdiction")
    search_fields = ("title",)


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "assembly", "is_published", "published_at")
    list_filter = ("is_published", "year")
