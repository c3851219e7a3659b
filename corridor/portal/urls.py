from django.contrib.sitemaps.views import sitemap
from django.urls import path

from corridor.portal import flows_views, views
from corridor.portal.feeds import feed_view
from corridor.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("public/flows/", flows_views.flows, name="flows"),
    path("public/search/", views.search_page, name="search"),
    path("public/countries/", views.countries, name="countries"),
    path("public/countries/<str:code>/", views.country, name="country"),
    path("public/browse/<str:kind>/", views.browse, name="browse"),
    path("public/items/<slug:slug>/", views.item, name="item"),
    path("public/items/<slug:slug>/cite.<str:style>", views.cite, name="cite"),
    path("public/items/<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("public/files/<int:file_id>/", views.download, name="file"),
    path("public/feeds/<str:feed>.atom", feed_view, name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
