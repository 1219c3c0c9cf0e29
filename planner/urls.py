from django.urls import include, path

from planner.pages import change, estate, home

urlpatterns = [
    path("", home.home, name="home"),
    path("paste", home.paste, name="paste"),
    path("paste/graph", home.paste_graph, name="paste-graph"),
    path("estate", estate.estate_page, name="estate"),
    path("estate/upload", estate.estate_upload, name="estate-upload"),
    path("estate/fill", estate.estate_fill, name="estate-fill"),
    path("estate/document", estate.estate_document, name="estate-document"),
    path("estate/download/<str:name>", estate.estate_download, name="estate-download"),
    path("healthz", home.healthz, name="healthz"),
    path("change", change.day_two_page, name="day-two"),
    path("api/v1/", include("planner.api.urls")),
]
