from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wardstats.dashboards.selectors import home_target
from wardstats.entry import views as entry_views


@login_required
def home(request):
    """Where `/` takes a person: an area's officer to the area's dashboard; a ward's secretary
    (or viewer) to her home of what is due; someone with no role to a page that says so."""
    kind, unit = home_target(request.user)
    if kind == "area":
        return redirect("dashboards:area", unit.pk)
    if kind == "ward":
        return entry_views.home(request)
    return render(request, "dashboards/no_role.html")


@require_GET
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
