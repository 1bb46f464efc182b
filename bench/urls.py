from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """The least a Django view can do, through the same middleware as every page."""
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), path("", include("newsroom.urls"))]
