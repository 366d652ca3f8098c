from rest_framework import serializers

from convoy.api.base import CodeField, RecordViewSet
from convoy.core.models import Nation
from convoy.funding import services
from convoy.funding.models import Disbursement, FinancialPledge


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
