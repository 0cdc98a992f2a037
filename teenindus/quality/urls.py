from django.urls import path

import teenindus.core.ids  # noqa: F401 - registers the dbid converter
from teenindus.quality import views, views_talks

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("forms/", views.form_list, name="forms"),
    path("forms/new/", views.form_edit, name="form_new"),
    path("forms/<dbid:form_id>/", views.form_edit, name="form"),
    path("contacts/<dbid:contact_id>/evaluate/", views.evaluate, name="evaluate"),
    path("contacts/<dbid:contact_id>/calibrate/", views.calibration_start, name="calibration_start"),
    path("contacts/<dbid:contact_id>/difficult/", views_talks.difficult_flag, name="difficult_flag"),
    path("evaluations/", views.evaluation_list, name="list"),
    path("evaluations/<dbid:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<dbid:evaluation_id>/move/", views.evaluation_move, name="evaluation_move"),
    path("mine/", views.mine, name="mine"),
    path("calibrations/<dbid:calibration_id>/", views.calibration_detail, name="calibration"),
    path(
        "calibrations/<dbid:calibration_id>/reveal/",
        views.calibration_reveal,
        name="calibration_reveal",
    ),
    path("sampling/", views.sampling, name="sampling"),
    path("difficult/", views_talks.difficult_list, name="difficult_list"),
    path("difficult/<dbid:flag_id>/", views_talks.difficult_detail, name="difficult"),
    path("difficult/<dbid:flag_id>/guide/", views_talks.difficult_guide, name="difficult_guide"),
    path("feedback/", views_talks.feedback_index, name="feedback_index"),
    path("feedback/<dbid:agent_id>/", views_talks.feedback, name="feedback"),
    path("feedback/<dbid:agent_id>/pdf/", views_talks.feedback_pdf_view, name="feedback_pdf"),
    path("feedback/<dbid:agent_id>/goals/", views_talks.goal_add, name="goal_add"),
    path("goals/<dbid:goal_id>/status/", views_talks.goal_status, name="goal_status"),
]
