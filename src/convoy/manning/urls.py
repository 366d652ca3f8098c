from django.urls import path

from convoy.manning import views

app_name = "manning"

urlpatterns = [
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/new/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post-detail"),
    path("posts/<int:pk>/fill/", views.PostFillView.as_view(), name="post-fill"),
    path("posts/<int:pk>/vacate/", views.PostVacateView.as_view(), name="post-vacate"),
    path("posts/<int:pk>/successor/", views.PostSuccessorView.as_view(), name="post-successor"),
]
