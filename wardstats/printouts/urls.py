from django.urls import path

from . import views

app_name = "printouts"

urlpatterns = [
    path("ward/<int:pk>/print/", views.ward_report, name="ward_report"),
    path("ward/<int:pk>/print.pdf", views.ward_report_pdf, name="ward_report_pdf"),
]
