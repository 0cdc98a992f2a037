from django.urls import path, register_converter

from teenindus.quality import views, views_talks
from teenindus.quality.scope import ID_MAX


class IdConverter:
    """A positive id a database column can hold: a longer number matches no URL (404), never an
    OverflowError from the database (a 500)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= ID_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "quality_id")

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("forms/", views.form_list, name="forms"),
    path("forms/new/", views.form_edit, name="form_new"),
    path("forms/<quality_id:form_id>/", views.form_edit, name="form"),
    path("contacts/<quality_id:contact_id>/evaluate/", views.evaluate, name="evaluate"),
    path("contacts/<quality_id:contact_id>/calibrate/", views.calibration_start, name="calibration_start"),
    path("contacts/<quality_id:contact_id>/difficult/", views_talks.difficult_flag, name="difficult_flag"),
    path("evaluations/", views.evaluation_list, name="list"),
    path("evaluations/<quality_id:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<quality_id:evaluation_id>/move/", views.evaluation_move, name="evaluation_move"),
    path("mine/", views.mine, name="mine"),
    path("calibrations/<quality_id:calibration_id>/", views.calibration_detail, name="calibration"),
    path(
        "calibrations/<quality_id:calibration_id>/reveal/",
        views.calibration_reveal,
        name="calibration_reveal",
    ),
    path("sampling/", views.sampling, name="sampling"),
    path("difficult/", views_talks.difficult_list, name="difficult_list"),
    path("difficult/<quality_id:flag_id>/", views_talks.difficult_detail, name="difficult"),
    path("difficult/<quality_id:flag_id>/guide/", views_talks.difficult_guide, name="difficult_guide"),
    path("feedback/", views_talks.feedback_index, name="feedback_index"),
    path("feedback/<quality_id:agent_id>/", views_talks.feedback, name="feedback"),
    path("feedback/<quality_id:agent_id>/pdf/", views_talks.feedback_pdf_view, name="feedback_pdf"),
    path("feedback/<quality_id:agent_id>/goals/", views_talks.goal_add, name="goal_add"),
    path("goals/<quality_id:goal_id>/status/", views_talks.goal_status, name="goal_status"),
]
