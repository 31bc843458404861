from django.urls import path

from banli.supervision import views, views_appraisal, views_board, views_topics

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/urge/", views.urge_view, name="urge"),
    path("items/<int:pk>/topic/", views_topics.item_topic, name="item_topic"),
    path("items/<int:pk>/assess/", views_appraisal.assess_view, name="assess"),
    path("items/<int:pk>/excellent/", views_appraisal.choose_view, name="choose_excellent"),
    path("records/", views.records_view, name="records"),
    path("records/new/", views.record_view, name="record"),
    path("files/<int:pk>/", views.file_view, name="file"),
    path("led/", views.led_view, name="led"),
    path("field/", views.field_view, name="field"),
    path("topics/", views_topics.topics_view, name="topics"),
    path("topics/new/", views_topics.topic_new, name="topic_new"),
    path("topics/<int:pk>/", views_topics.topic_page, name="topic"),
    path("topics/<int:pk>/edit/", views_topics.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/items/", views_topics.topic_add, name="topic_add"),
    path("topics/<int:pk>/items/<int:sub_pk>/remove/", views_topics.topic_remove, name="topic_remove"),
    path("topics/<int:pk>/do/<slug:action>/", views_topics.topic_action, name="topic_action"),
    path("lagging/", views_board.lagging_view, name="lagging"),
    path("lagging/<int:pk>/", views_board.lagging_unit_view, name="lagging_unit"),
    path("lagging/<int:pk>/urge/", views_board.lagging_urge, name="lagging_urge"),
    path("appraisal/", views_appraisal.schemes_view, name="schemes"),
    path("appraisal/new/", views_appraisal.scheme_form, name="scheme_new"),
    path("appraisal/<int:pk>/", views_appraisal.ranking_view, name="ranking"),
    path("appraisal/<int:pk>/edit/", views_appraisal.scheme_form, name="scheme_edit"),
    path("appraisal/<int:pk>/units/<int:unit_pk>/", views_appraisal.unit_score_view, name="unit_score"),
    path("assessments/", views_appraisal.assessments_view, name="assessments"),
    path("excellence/", views_appraisal.excellence_view, name="excellence"),
    path("excellence/<int:pk>/withdraw/", views_appraisal.withdraw_view, name="withdraw_excellent"),
]
