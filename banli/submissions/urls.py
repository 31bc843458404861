from django.urls import path

from banli.submissions import views, views_draft, views_import

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list_view, name="list"),
    path("<int:pk>/", views.submission_detail_view, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.submission_action_view, name="action"),
    path("<int:pk>/classify/", views.classify_view, name="classify"),
    path("bulk-register/", views.bulk_register_view, name="bulk_register"),
    path("new/", views_draft.new_view, name="new"),
    path("<int:pk>/edit/", views_draft.edit_view, name="edit"),
    path("<int:pk>/delete/", views_draft.delete_view, name="delete"),
    path("<int:pk>/attachments/", views_draft.upload_view, name="upload"),
    path("attachments/<int:att_id>/", views_draft.download_view, name="download"),
    path("attachments/<int:att_id>/remove/", views_draft.remove_attachment_view, name="remove_attachment"),
    path("<int:pk>/cosigners/", views_draft.invite_view, name="invite"),
    path("<int:pk>/cosigners/<int:cos_id>/remove/", views_draft.uninvite_view, name="uninvite"),
    path("invitations/", views_draft.invitations_view, name="invitations"),
    path("invitations/<int:cos_id>/", views_draft.respond_view, name="respond"),
    path("import/", views_import.import_view, name="import"),
    path("import/template/", views_import.template_view, name="import_template"),
]
