"""The project's admin site: Django's, with login attempts rate limited per client address."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from articles.services import client_address, client_hash, rate_limited

# Newsroom actions are offered on the list and on each record's own page.
BOTH_PLACES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Newsroom"
    site_title = "Newsroom admin"
    index_title = "Records"

    def login(self, request, extra_context=None):
        if request.method == "POST":
            key = f"admin-login:{client_hash(client_address(request))}"
            limit, window = settings.ADMIN_LOGIN_RATE_LIMIT, settings.ADMIN_LOGIN_RATE_WINDOW
            if rate_limited(key=key, limit=limit, window=window):
                context = self.each_context(request) | {"title": "Too many attempts", "minutes": window // 60}
                return render(request, "admin/login_rate_limited.html", context, status=429)
        return super().login(request, extra_context)
