from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.core.models import Nation
from convoy.manning import services
from convoy.manning.models import Post


class PostSerializer(serializers.ModelSerializer):
    filled_by = CodeField(Nation, read_only=True)

    class Meta:
        model = Post
        fields = ["code", "title", "branch", "rank_band", "filled_by", "filled_from", "filled_to"]
        read_only_fields = ["filled_from", "filled_to"]


class Fill(serializers.Serializer):
    nation = serializers.SlugRelatedField(slug_field="code", queryset=Nation.objects.all())
    on = serializers.DateField()


class Vacate(serializers.Serializer):
    on = serializers.DateField()


class PostViewSet(RecordViewSet):
    serializer_class = PostSerializer
    select_related = ("filled_by",)
    create_service = services.post_create
    record_keyword = "post"
    steps = {"fill": (services.post_fill, Fill), "vacate": (services.post_vacate, Vacate)}
    filterset_fields = ["branch", "rank_band"]
