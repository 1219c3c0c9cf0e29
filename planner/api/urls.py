from __future__ import annotations

from django.urls import path, re_path

from planner.api import day_two, docs, views

app_name = "api"
urlpatterns = [
    path("plan", views.plan_view, name="plan"),
    path("plan/<str:name>", views.plan_export, name="plan-export"),
    path("sizing", views.sizing_view, name="sizing"),
    path("estate", views.estate_view, name="estate"),
    path("estate/<str:name>", views.estate_export, name="estate-export"),
    path("openapi.json", views.openapi_view, name="openapi"),
    path("docs", docs.docs_view, name="docs"),
    path("change", day_two.change_view, name="change"),
    path("drift", day_two.drift_view, name="drift"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
