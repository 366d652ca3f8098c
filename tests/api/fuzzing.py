"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

The schema alone yields mostly refused writes (codes nobody has); so besides the schema's own
values, path parameters and the references in request bodies are also drawn from the records
that exist (their real codes and ids), which makes many generated writes valid ones. Shared by
the suite's bounded test and `benchmarks/api_fuzz.py`'s longer run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from convoy.api.urls import router

STEP_PATH = re.compile(r"^/api/(?P<prefix>[^/]+)/\{[^}]+\}/steps/(?P<step>[a-z_]+)/$")
RECORD_PATH = re.compile(r"^/api/(?P<prefix>[^/]+)/")
KEYS_PER_TYPE = 30


def openapi_schema() -> dict[str, Any]:
    """The schema as /api/schema/ serves it."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _references(serializer: serializers.Serializer) -> dict[str, list[Any]]:
    """For each field of `serializer` that names other records, the keys of existing ones."""
    found: dict[str, list[Any]] = {}
    for name, declared in serializer.fields.items():
        if declared.read_only:
            continue
        many = isinstance(declared, serializers.ManyRelatedField)
        relation = declared.child_relation if many else declared
        if not isinstance(relation, serializers.RelatedField):
            continue
        queryset = relation.queryset
        if queryset is None:
            continue
        slug = getattr(relation, "slug_field", None) or "pk"
        keys = list(queryset.model._base_manager.order_by("pk").values_list(slug, flat=True)
                    [:KEYS_PER_TYPE])
        if keys:
            found[name] = keys
            if many:
                found[f"{name}[]"] = keys
    return found


def real_values() -> dict[str, Any]:
    """What exists now: per record type (URL prefix) its record keys, and per operation path
    the keys each body field may name."""
    record_keys: dict[str, list[Any]] = {}
    bodies: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for prefix, viewset, _basename in router.registry:
        serializer_class = viewset.serializer_class
        model = serializer_class.Meta.model
        lookup = viewset.lookup_field
        record_keys[prefix] = list(model._base_manager.order_by("pk").values_list(
            lookup, flat=True)[:KEYS_PER_TYPE])
        bodies[prefix] = _references(serializer_class())
        for step, (_service, parameters) in viewset.steps.items():
            bodies[f"{prefix}/{step}"] = _references(parameters())
    return {"records": record_keys, "bodies": dict(bodies)}


def _operation_keys(path: str) -> tuple[str, str]:
    step = STEP_PATH.match(path)
    if step:
        return step["prefix"], f"{step['prefix']}/{step['step']}"
    record = RECORD_PATH.match(path)
    return (record["prefix"], record["prefix"]) if record else ("", "")


def _with_real_references(body: Any, refs: dict[str, list[Any]]) -> Any:
    if not isinstance(body, dict) or not refs:
        return st.just(body)
    fields = {}
    for name, value in body.items():
        if name in refs and f"{name}[]" in refs:
            fields[name] = st.lists(st.sampled_from(refs[name]), min_size=1, max_size=3,
                                    unique=True)
        elif name in refs:
            fields[name] = st.sampled_from(refs[name])
        else:
            fields[name] = st.just(value)
    return st.fixed_dictionaries(fields)


def fuzzed_schema(*, app: Any, max_examples: int = 20) -> Any:
    """The schemathesis schema of the API, served by the WSGI `app`, with the real records
    woven into its data generation."""
    real = real_values()
    schema = schemathesis.openapi.from_dict(openapi_schema())
    schema.config.update(base_url="http://localhost")
    schema.config.generation.update(max_examples=max_examples, database="none")
    schema.app = app

    @schema.hook
    def before_generate_path_parameters(context: Any, strategy: Any) -> Any:
        prefix, _ = _operation_keys(context.operation.path)
        keys = real["records"].get(prefix)
        names = re.findall(r"\{([^}]+)\}", context.operation.path)
        if not keys or len(names) != 1:
            return strategy
        return strategy | st.fixed_dictionaries({names[0]: st.sampled_from(keys)})

    @schema.hook
    def before_generate_body(context: Any, strategy: Any) -> Any:
        _, body_key = _operation_keys(context.operation.path)
        refs = real["bodies"].get(body_key, {})
        if not refs:
            return strategy
        return strategy | strategy.flatmap(lambda body: _with_real_references(body, refs))

    return schema


@dataclass
class FuzzReport:
    operations: int = 0
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def fuzz(schema: Any, *, headers: dict[str, str], max_examples: int,
         report: FuzzReport | None = None) -> FuzzReport:
    """Send `max_examples` generated cases to every operation; count them, and keep each server
    error (5xx, or an exception out of the application) with the request that caused it."""
    report = report or FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        report.operations += 1

        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def send(case: Any) -> None:
            report.cases += 1
            try:
                response = case.call(headers=headers)
            except Exception as error:  # an exception out of the app is a server error too
                report.server_errors.append(f"{case.method} {case.formatted_path}: {error!r}")
                return
            report.statuses[response.status_code] += 1
            if response.status_code >= 500:
                report.server_errors.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}\n"
                    f"{case.as_curl_command(headers=headers)}\n{response.text[:500]}")

        send()
    return report
