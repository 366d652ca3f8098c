"""Events read from committed writes reach the people who chose them and may read the record,
and nobody else."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from convoy.core.audit import audit_source
from convoy.core.models import AuditRecord
from convoy.donations.services import pledge_cancel, pledge_commit
from convoy.logistics.services import shipment_dispatch, shipment_hand_over
from convoy.notifications import kinds, worker
from convoy.notifications.models import Notice, Preference

pytestmark = pytest.mark.django_db


def heard(user, kind=None):
    notices = Notice.objects.filter(recipient=user)
    return notices.filter(kind=kind) if kind else notices


def choose(user, *keys, mail=Preference.Mail.NONE):
    Preference.objects.update_or_create(user=user, defaults={"kinds": list(keys), "mail": mail})


def test_pledge_commitment_reaches_its_nation_and_the_planner_not_other_nations(
        world, people, committed):
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))

    assert heard(people["liaison"], "pledge-committed").count() == 1
    assert heard(people["planner"], "pledge-committed").count() == 1
    assert not heard(people["liaison_pol"]).exists()
    assert not heard(people["coordinator"]).exists(), "nobody is told of their own write"
    notice = heard(people["liaison"]).get()
    assert notice.url == f"/donations/pledges/{world.pledge_deu.pk}/"
    assert "P-DEU-1" in notice.text


def test_choosing_a_kind_never_widens_the_scope(world, people, committed):
    for role in ("liaison_pol", "node_operator", "facility_operator", "viewer"):
        choose(people[role], "pledge-committed")
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))

    assert heard(people["viewer"], "pledge-committed").count() == 1, "viewers read everything"
    for role in ("liaison_pol", "node_operator", "facility_operator"):
        assert not heard(people[role]).exists(), role


def test_a_user_who_unticks_a_kind_hears_nothing_of_it(world, people, committed):
    choose(people["liaison"], "pledge-cancelled")
    committed(lambda: pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu))
    assert not heard(people["liaison"]).exists()


def test_shipment_dispatch_reaches_its_node_and_donor_only(world, people, committed):
    choose(people["facility_operator"], "shipment-dispatched")
    choose(people["liaison_pol"], "shipment-dispatched")
    committed(lambda: shipment_dispatch(actor=people["coordinator"],
                                        shipment=world.shipment_deu))

    assert heard(people["node_operator"], "shipment-dispatched").count() == 1
    assert heard(people["liaison"], "shipment-dispatched").count() == 1
    assert not heard(people["liaison_pol"]).exists()
    assert not heard(people["facility_operator"]).exists()
    assert "Rzeszów hub" in heard(people["node_operator"]).get().text


def test_a_short_handover_is_told_through_its_shipment(world, people, committed):
    from convoy.logistics.services import shipment_record_arrival, shipment_record_departure

    coordinator, shipment = people["coordinator"], world.shipment_pol
    for step in (shipment_dispatch, shipment_record_arrival, shipment_record_departure):
        committed(lambda step=step: step(actor=coordinator, shipment=shipment))
    Notice.objects.all().delete()
    committed(lambda: shipment_hand_over(
        actor=people["planner"], shipment=shipment, received_quantity=7,
        receiving_unit="1st Brigade", signed_by="Maj. Koval", short_reason="damaged",
        rest="discrepancy"))

    notice = heard(people["liaison_pol"], "shipment-short").get()
    assert "3 of 10" in notice.text
    assert notice.url == f"/logistics/shipments/{shipment.pk}/"
    assert heard(people["coordinator"], "shipment-short").count() == 1
    assert not heard(people["liaison"], "shipment-short").exists(), "Germany's liaison"
    assert not heard(people["planner"], "shipment-short").exists(), "the planner signed it"


def test_a_write_rolled_back_tells_nobody(world, people, committed):
    def failing():
        with transaction.atomic():
            pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu)
            raise ValidationError("changed my mind")

    with pytest.raises(ValidationError):
        committed(failing)
    assert not Notice.objects.exists()
    worker.sweep(worker_now_after_lag())
    assert not Notice.objects.exists()


def test_a_refused_write_tells_nobody(world, people, committed):
    with pytest.raises(ValidationError):
        committed(lambda: pledge_cancel(actor=people["coordinator"], pledge=world.pledge_deu,
                                        reason=""))
    assert not Notice.objects.exists()


def test_loading_the_demo_tells_nobody(world, people, committed):
    def load():
        with audit_source("demo"):
            pledge_commit(actor=None, pledge=world.pledge_deu)

    committed(load)
    worker.sweep(worker_now_after_lag())
    assert not Notice.objects.exists()


def worker_now_after_lag():
    from django.utils import timezone

    return timezone.now() + worker.SWEEP_LAG + worker.CHECK_EVERY


def test_the_sweep_tells_what_no_task_told_and_nothing_twice(world, people):
    pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu)  # no task ran
    assert not Notice.objects.exists()

    assert worker.sweep(worker_now_after_lag()) == 2  # the liaison and the planner
    assert worker.sweep(worker_now_after_lag()) == 0
    ids = list(AuditRecord.objects.values_list("pk", flat=True))
    assert worker.process_audit(ids) == 0, "told already"
    assert heard(people["liaison"], "pledge-committed").count() == 1


def test_the_sweep_leaves_records_younger_than_its_lag(world, people):
    from django.utils import timezone

    pledge_commit(actor=people["coordinator"], pledge=world.pledge_deu)
    assert worker.sweep(timezone.now()) == 0
    assert worker.sweep(worker_now_after_lag()) == 2


def test_every_kind_has_a_sentence_and_a_label(world):
    for kind in kinds.KINDS:
        assert kinds.label(kind.key) == str(kind.label)
    text = kinds.sentence("node-over-capacity", {"record": "RZE", "week_on": "2026-03-02",
                                                 "load": 1200, "capacity": 500})
    assert "RZE" in text and "1,200" in text and "2026" in text
    assert "retired-kind" in kinds.sentence("retired-kind", {})
