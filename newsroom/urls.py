from django.contrib import admin
from django.urls import path

admin.site.site_header = "Newsroom fact desk"
admin.site.site_title = "Fact desk"
admin.site.index_title = "Stories, speakers, quotes and claims"

urlpatterns = [
    path("admin/", admin.site.urls),
]
