from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wardstats import views

admin.site.site_header = _("wardstats — statistics of the ward Party committees")
admin.site.site_title = _("wardstats")
admin.site.index_title = _("Enter and check the figures")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("wardstats.dashboards.urls")),
    path("", include("wardstats.entry.urls")),
    path("", include("wardstats.spreadsheets.urls")),
    path("", include("wardstats.printouts.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
