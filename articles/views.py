from django.views.generic import DetailView, ListView

from .models import Article


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().select_related("publication")[:10]


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.public()
