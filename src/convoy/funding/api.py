from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.core.models import Nation
from convoy.funding import services
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline


class FinancialPledgeSerializer(serializers.ModelSerializer):
    donor = CodeField(Nation)

    class Meta:
        model = FinancialPledge
        fields = [
            "code",
            "donor",
            "first_year",
            "last_year",
            "amount",
            "currency",
            "amount_eur",
            "kind",
            "announced_on",
            "notes",
        ]


class DisbursementSerializer(serializers.ModelSerializer):
    financial_pledge = CodeField(FinancialPledge)

    class Meta:
        model = Disbursement
        fields = ["id", "financial_pledge", "date", "amount_eur", "note"]


class FinancialPledgeViewSet(RecordViewSet):
    serializer_class = FinancialPledgeSerializer
    select_related = ("donor",)
    create_service = services.financial_pledge_create
    update_service = services.financial_pledge_update
    record_keyword = "pledge"


class DisbursementViewSet(RecordViewSet):
    serializer_class = DisbursementSerializer
    select_related = ("financial_pledge",)
    create_service = services.disbursement_record
    lookup_field = "pk"


class YearlyBaselineSerializer(serializers.ModelSerializer):
    class Meta:
        model = YearlyBaseline
        fields = ["year", "amount_eur", "note"]
        extra_kwargs = {"year": {"validators": []}}  # POST sets a year's baseline, new or not


class YearlyBaselineViewSet(RecordViewSet):
    """What the coalition aims to provide each year. POST sets a year's baseline: it creates
    it, or changes the one the year already has."""

    serializer_class = YearlyBaselineSerializer
    create_service = services.baseline_set
    lookup_field = "year"
