from django.urls import path

from isenim.guide.views import consultations
from isenim.guide.views import staff as views

app_name = "guide"
urlpatterns = [
    # Pre-departure consultations on a case
    path("cases/<str:number>/consultations/add/", consultations.consultation_add, name="consultation_add"),
    path(
        "cases/<str:number>/consultations/<int:pk>/memo.pdf",
        consultations.consultation_memo,
        name="consultation_memo",
    ),
    # The guide
    path("", views.destination_list, name="destination_list"),
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/add/", views.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views.mission_edit, name="mission_edit"),
    path("hotlines/", views.hotline_list, name="hotline_list"),
    path("hotlines/add/", views.hotline_create, name="hotline_create"),
    path("hotlines/<int:pk>/", views.hotline_edit, name="hotline_edit"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/submit/", views.item_submit, name="item_submit"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/return/", views.item_return, name="item_return"),
    path("<str:iso2>/", views.destination_detail, name="destination_detail"),
    path("<str:iso2>/add/", views.item_create, name="item_create"),
]
