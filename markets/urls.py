from django.urls import path

from . import views

app_name = "markets"

urlpatterns = [
    path("village-stores/", views.village_stores, name="village_stores"),
    path("village-stores/<int:pk>/inspections/", views.inspection_add, name="inspection_add"),
]
