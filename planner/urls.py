from django.urls import include, path

from planner import views

urlpatterns = [
    path("", views.home, name="home"),
    path("paste", views.paste, name="paste"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("planner.api.urls")),
]
