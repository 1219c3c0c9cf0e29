from django.urls import include, path

from planner import day_two_views, estate_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("paste", views.paste, name="paste"),
    path("paste/graph", views.paste_graph, name="paste-graph"),
    path("estate", estate_views.estate_page, name="estate"),
    path("estate/upload", estate_views.estate_upload, name="estate-upload"),
    path("estate/fill", estate_views.estate_fill, name="estate-fill"),
    path("estate/document", estate_views.estate_input, name="estate-input"),
    path("estate/download/<str:name>", estate_views.estate_download, name="estate-download"),
    path("healthz", views.healthz, name="healthz"),
    path("change", day_two_views.day_two_page, name="day-two"),
    path("api/v1/", include("planner.api.urls")),
]
