from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wardstats import views
from wardstats.dashboards import views as dashboard_views

admin.site.site_header = _("wardstats — statistics of the ward Party committees")
admin.site.site_title = _("wardstats")
admin.site.index_title = _("Enter and check the figures")

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("", include("wardstats.dashboards.urls")),
    path("", include("wardstats.spreadsheets.urls")),
    path("", include("wardstats.printouts.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
