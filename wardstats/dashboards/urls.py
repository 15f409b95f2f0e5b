from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("area/<int:pk>/", views.area, name="area"),
    path("area/<int:pk>/rollup/", views.rollup, name="rollup"),
    path("area/<int:pk>/completeness/", views.completeness, name="completeness"),
    path("ward/<int:pk>/", views.ward, name="ward"),
    path("ward/<int:pk>/history/", views.ward_history, name="ward_history"),
]
