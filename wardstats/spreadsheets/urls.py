from django.urls import path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    path("ward/<int:pk>/export/<slug:sheet>.<slug:fmt>", views.export, name="export"),
    path("ward/<int:pk>/import/", views.upload, name="import"),
    path("ward/<int:pk>/import/confirm/", views.confirm, name="confirm"),
]
