from django.urls import path

from . import cadres, views

app_name = "entry"

urlpatterns = [
    path("ward/<int:pk>/report/", views.report, name="report"),
    path("ward/<int:pk>/report/review/", views.review, name="review"),
    path("ward/<int:pk>/cadres/", cadres.cadres, name="cadres"),
    path("ward/<int:pk>/cadres/new/", cadres.cadre_form, name="cadre_new"),
    path("ward/<int:pk>/cadres/confirm/", cadres.cadres_confirm, name="cadres_confirm"),
    path("ward/<int:pk>/cadres/<int:cadre_pk>/", cadres.cadre_form, name="cadre_edit"),
    path("ward/<int:pk>/cadres/<int:cadre_pk>/end/", cadres.cadre_end, name="cadre_end"),
    path("entry/labels/<str:language>/<str:codes>.css", views.labels_css, name="labels"),
]
