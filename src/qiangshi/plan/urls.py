from django.urls import path

from qiangshi.plan import pins, views
from qiangshi.plan.breakdown import views as breakdown_views
from qiangshi.plan.reporting import views as reporting_views

app_name = "plan"

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/choose/", views.plan_choose, name="choose"),
    path("plans/load/", views.plan_upload, name="load"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("pins/", pins.pin_list, name="pins"),
    path("pins/add/", pins.pin_add, name="pin_add"),
    path("pins/remove/", pins.pin_remove, name="pin_remove"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:number>/", views.task_detail, name="task"),
    path("units/<str:code>/", views.unit_detail, name="unit"),
    path("computed/<int:pk>/", views.computed_detail, name="computed"),
    path("reporting/", reporting_views.reporting_index, name="reporting"),
    path("reporting/overdue/", reporting_views.overdue_list, name="overdue"),
    path("reporting/overdue/remind/", reporting_views.overdue_remind, name="remind"),
    path("reporting/timeliness/", reporting_views.timeliness_list, name="timeliness"),
    path("reporting/submissions/<int:pk>/review/", reporting_views.submission_review,
         name="review"),
    path("reporting/submissions/<int:pk>/reopen/", reporting_views.submission_reopen,
         name="reopen"),
    path("reporting/<str:unit_code>/<str:frequency>/<str:key>/", reporting_views.report_form,
         name="report"),
    path("alerts/", reporting_views.alert_list, name="alerts"),
    path("breakdown/", breakdown_views.breakdown_list, name="breakdowns"),
    path("breakdown/new/", breakdown_views.breakdown_create, name="breakdown_create"),
    path("breakdown/<int:number>/", breakdown_views.breakdown_detail, name="breakdown"),
    path("breakdown/<int:number>/issue/", breakdown_views.breakdown_issue_view,
         name="breakdown_issue"),
    path("breakdown/<int:number>/<str:code>/", breakdown_views.breakdown_indicator,
         name="breakdown_indicator"),
]
