import factory

from convoy.manning.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    code = factory.Sequence(lambda n: f"POST-{n:04d}")
    title = factory.Sequence(lambda n: f"Staff officer {n}")
    branch = Post.Branch.J4
    rank_band = Post.RankBand.OF_FIELD
