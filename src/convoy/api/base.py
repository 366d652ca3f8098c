"""The API's one shape: every record type is a viewset whose reads go through the permission
rule and whose writes go through the services.

Records are addressed by their natural key (`code`) where they have one. A write's bad input
answers 400 with the field errors; a refused write 403 with the reason; nothing partial is
written, because each service runs in one transaction.
"""

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator
from rest_framework.views import exception_handler as drf_exception_handler

from convoy.core.models import code_validator
from convoy.core.permissions import is_allowed
from convoy.core.services import writes_blind

Service = Callable[..., Any]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's ValidationError (which DomainError is) answers 400 with its field errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": str(exc) or "Your role does not allow this."},
            status=status.HTTP_403_FORBIDDEN,
        )
    return drf_exception_handler(exc, context)


class VisibleOnly:
    """A reference to another record, among the records the user may see: a record the user
    may not see is answered as unknown, never as someone else's."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        self.model = model
        if not kwargs.get("read_only"):
            kwargs["queryset"] = model.objects.all()
        super().__init__(**kwargs)  # type: ignore[call-arg]

    def get_queryset(self) -> Any:
        return self.model.objects.restrict(self.context["request"].user, "view")  # type: ignore[attr-defined]

    def to_representation(self, value: Any) -> Any:
        # A record the reader may not open is not named either (a node operator sees the
        # shipments through its node, not the allocation or pledge behind them).
        request = self.context.get("request")  # type: ignore[attr-defined]
        if request is not None and not is_allowed(request.user, "view", value):
            return None
        return super().to_representation(value)  # type: ignore[misc]


class CodeField(VisibleOnly, serializers.SlugRelatedField):
    """A reference by the record's code."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        super().__init__(model, slug_field="code", **kwargs)


class IdField(VisibleOnly, serializers.PrimaryKeyRelatedField):
    """A reference by id, for records without a code."""

    def use_pk_only_optimization(self) -> bool:
        return False  # the record itself is needed to tell whether the reader may see it


class NameField(VisibleOnly, serializers.SlugRelatedField):
    """A reference by the record's unique name (organisations have no code)."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        super().__init__(model, slug_field="name", **kwargs)


class StepDate(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("When the step happened (today)."))


class StepTime(serializers.Serializer):
    at = serializers.DateTimeField(required=False, help_text=_("When the step happened (now)."))


class StepMoment(StepTime):
    on = serializers.DateField(required=False, help_text=_("The day the step happened (today)."))


class StepCancel(StepDate):
    """A cancellation: its day and its reason (the service refuses one without a reason)."""

    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text=_("Why the record is cancelled (required)."))


class NoParameters(serializers.Serializer):
    pass


def unexpected_fields(serializer: serializers.Serializer, data: Any) -> dict[str, list[str]]:
    """The fields of a write the serializer does not take: unknown ones, and read-only ones
    (a status moves by the record's steps, a stamp by the step that set it)."""
    if not isinstance(data, Mapping):
        return {}  # the serializer itself answers that it expects an object
    fields = serializer.fields
    errors: dict[str, list[str]] = {}
    for name in data:
        field = fields.get(name)
        if field is None:
            known = ", ".join(n for n, f in fields.items() if not f.read_only)
            errors[str(name)] = [_("Unknown field; this write takes: %(known)s.")
                                 % {"known": known or _("no fields")}]
        elif field.read_only and name == "code":
            errors[name] = [_("Convoy gives the code of a new record of this kind; leave it "
                              "out.")]
        elif field.read_only:
            errors[str(name)] = [_("This field is read-only; it is set by Convoy, not by a "
                                   "write.")]
    return errors


def refuse_unexpected_fields(serializer: serializers.Serializer, data: Any) -> None:
    if errors := unexpected_fields(serializer, data):
        raise serializers.ValidationError(errors)


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, change, and take lifecycle steps on one record type.

    Subclasses name the services: `create_service(actor=..., **fields)`,
    `update_service(actor=..., <record_keyword>=obj, **changes)`, and `steps`, a mapping of a
    step's URL name to (service, parameter serializer); POST /<records>/<key>/steps/<step>/ runs
    it. A viewset without a create or update service does not offer that write (its methods
    are not allowed, and the schema does not list them).
    """

    create_service: ClassVar[Service | None] = None
    update_service: ClassVar[Service | None] = None
    record_keyword: ClassVar[str] = ""
    steps: ClassVar[dict[str, tuple[Service, type[serializers.Serializer]]]] = {}
    select_related: ClassVar[tuple[str, ...]] = ()
    lookup_field = "code"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        methods = ["get", "head", "options"]
        if cls.create_service is not None or cls.steps:
            methods.append("post")
        if cls.update_service is not None:
            methods += ["put", "patch"]
        cls.http_method_names = methods
        serializer = getattr(cls, "serializer_class", None)
        if cls.__doc__ is None and serializer is not None:
            plural = serializer.Meta.model._meta.verbose_name_plural
            cls.__doc__ = f"{str(plural).capitalize()}, as the caller's role may see them."
        if serializer is not None and getattr(serializer.Meta.model, "code_pattern", None):
            # Convoy proposes the code when none is given; its uniqueness is the service's to
            # check, so the answer never depends on records the caller cannot see.
            extra = dict(getattr(serializer.Meta, "extra_kwargs", {}))
            extra["code"] = {**extra.get("code", {}), "required": False,
                             "validators": [code_validator]}
            serializer.Meta.extra_kwargs = extra
        if serializer is not None and not hasattr(serializer.Meta, "validators"):
            # Unique fields and constraints are checked by the services (the model's own
            # validation), which name the field and know what the caller may see.
            serializer.Meta.validators = []
        for name, (service, parameters) in cls.steps.items():
            setattr(cls, f"step_{name}", _step_action(name, service, parameters, serializer))

    def get_queryset(self) -> Any:
        model = self.get_serializer_class().Meta.model
        return (
            model.objects.restrict(self.request.user, "view")
            .select_related(*self.select_related)
            .order_by(*(model._meta.ordering or ["pk"]))
        )

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer = super().get_serializer(*args, **kwargs)
        model = serializer.Meta.model if hasattr(serializer, "Meta") else None
        if (model is not None and getattr(model, "code_pattern", None)
                and "code" in serializer.fields and writes_blind(self.request.user, model)):
            serializer.fields["code"].read_only = True  # see `give_code`
        for field in getattr(serializer, "fields", {}).values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        if "data" in kwargs:
            refuse_unexpected_fields(serializer, kwargs["data"])
        return serializer

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        if self.create_service is None:
            raise Http404(_("Records of this kind are not created through the API."))
        serializer.instance = type(self).create_service(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        if self.update_service is None:
            raise Http404(_("Records of this kind are not changed through the API."))
        serializer.instance = type(self).update_service(
            actor=self.request.user,
            **{self.record_keyword: serializer.instance},
            **serializer.validated_data,
        )

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z_]+)")
    def step(self, request: Request, step: str, **kwargs: Any) -> Response:
        """Any other step name: a 404 that lists the record's steps."""
        if step not in self.steps:
            raise Http404(_(
                "No step '%(step)s'; this record's steps are: %(join)s."
            ) % {"step": step, "join": ', '.join(self.steps)})
        return self.run_step(request, step)

    def run_step(self, request: Request, step: str) -> Response:
        service, parameters = self.steps[step]
        params = parameters(data=request.data)
        refuse_unexpected_fields(params, request.data)
        params.is_valid(raise_exception=True)
        obj = self.get_object()
        outcome = service(actor=request.user, **{self.record_keyword: obj}, **params.validated_data)
        if not isinstance(outcome, type(obj)):  # e.g. a handover, or nothing for a deletion
            outcome = self.get_queryset().filter(pk=obj.pk).first()
        if outcome is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(outcome).data)


def _step_action(name: str, service: Service, parameters: type[serializers.Serializer],
                 serializer: Any) -> Any:
    """One lifecycle step as its own operation, so the schema shows its parameters."""

    def run(self: RecordViewSet, request: Request, **kwargs: Any) -> Response:
        return self.run_step(request, name)

    run.__name__ = f"step_{name}"
    run.__doc__ = (service.__doc__ or "").strip() or f"The step '{name}'."
    routed = action(detail=True, methods=["post"], url_path=f"steps/{name}",
                    url_name=f"step-{name}")(run)
    return extend_schema(request=parameters, responses=serializer,
                         summary=f"Step: {name.replace('_', ' ')}")(routed)

