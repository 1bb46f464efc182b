from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class NewsroomConfig(AppConfig):
    """The project as an app: staff roles, the create_editor command, and the accounts they concern."""

    name = "newsroom"
    verbose_name = "Newsroom"


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"
