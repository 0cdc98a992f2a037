from django.urls import path

from teenindus.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("forms/", views.form_list, name="forms"),
    path("forms/new/", views.form_edit, name="form_new"),
    path("forms/<int:form_id>/", views.form_edit, name="form"),
    path("contacts/<int:contact_id>/evaluate/", views.evaluate, name="evaluate"),
    path("contacts/<int:contact_id>/calibrate/", views.calibration_start, name="calibration_start"),
    path("contacts/<int:contact_id>/difficult/", views.difficult_flag, name="difficult_flag"),
    path("evaluations/", views.evaluation_list, name="list"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:evaluation_id>/move/", views.evaluation_move, name="evaluation_move"),
    path("mine/", views.mine, name="mine"),
    path("calibrations/<int:calibration_id>/", views.calibration_detail, name="calibration"),
    path("calibrations/<int:calibration_id>/reveal/", views.calibration_reveal, name="calibration_reveal"),
    path("sampling/", views.sampling, name="sampling"),
    path("difficult/", views.difficult_list, name="difficult_list"),
    path("difficult/<int:flag_id>/", views.difficult_detail, name="difficult"),
    path("difficult/<int:flag_id>/guide/", views.difficult_guide, name="difficult_guide"),
    path("feedback/", views.feedback_index, name="feedback_index"),
    path("feedback/<int:agent_id>/", views.feedback, name="feedback"),
    path("feedback/<int:agent_id>/pdf/", views.feedback_pdf_view, name="feedback_pdf"),
    path("feedback/<int:agent_id>/goals/", views.goal_add, name="goal_add"),
    path("goals/<int:goal_id>/status/", views.goal_status, name="goal_status"),
]
