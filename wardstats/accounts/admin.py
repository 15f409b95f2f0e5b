from django.contrib import admin
from django.contrib.auth.models import Group

from wardstats.collation import vi_collate

from .models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]

    def get_ordering(self, request):
        return ["user__username", vi_collate("unit__name").asc()]


# Permissions follow from roles (accounts.backends.RoleBackend): groups would be a second,
# competing list, so they are not offered.
admin.site.unregister(Group)
