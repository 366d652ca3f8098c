"""The main records as spreadsheets: requirements, pledges, allocations, shipments, repair
orders, training, funding, posts and capability targets."""

from convoy.development import services as development
from convoy.development.models import CapabilityTarget
from convoy.donations import services as donations
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.funding import services as funding
from convoy.funding.models import Disbursement, FinancialPledge
from convoy.intake.spreadsheets.columns import Column as C
from convoy.intake.spreadsheets.reference_types import creating, updating
from convoy.intake.spreadsheets.sheets import SheetType, Step
from convoy.logistics import services as logistics
from convoy.logistics.models import Shipment
from convoy.manning import services as manning
from convoy.manning.models import Post
from convoy.repairs import services as repairs
from convoy.repairs.models import RepairOrder
from convoy.training import services as training
from convoy.training.models import CourseSession, Enrolment, TrainingRequest


def picking(function, *names):
    """A create service that takes only `names` (the rest of the row is what it works out)."""
    return lambda actor, **fields: function(
        actor=actor, **{n: fields[n] for n in names if n in fields})


def step(function, name, stamp=None, moment="on"):
    """`function(actor=..., <name>=obj, <moment>=value of the stamp column)`."""
    return Step(lambda actor, obj, on: function(actor=actor, **{name: obj, moment: on}), stamp)


def target_update(actor, target, **changes):
    """Progress has its own step; the other fields change together."""
    achieved = changes.pop("achieved_quantity", None)
    if changes:
        target = development.target_update(actor=actor, target=target, **changes)
    if achieved is not None:
        target = development.target_record_progress(actor=actor, target=target,
                                                    achieved_quantity=achieved)
    return target


RECORD_TYPES = [
    SheetType(
        "requirements", Requirement, title="Requirements",
        columns=[C("code", "#need+code"), C("recipient", "#country+recipient+code"),
                 C("item_group", "#item+group+code"), C("quantity", "#need+quantity"),
                 C("priority", "#priority"), C("needed_by", "#date+needed"),
                 C("destination", "#loc+destination+code"), C("status", "#status", step=True),
                 C("notes", "#description+notes")],
        create=creating(donations.requirement_create),
        update=updating(donations.requirement_update, "requirement"),
        status_field="status",
    ),
    SheetType(
        "pledges", Pledge, title="Pledges",
        columns=[C("code", "#activity+pledge+code"), C("donor", "#org+donor"),
                 C("item", "#item+code"), C("quantity", "#item+quantity"),
                 C("available_from", "#date+available"), C("origin", "#loc+origin+code"),
                 C("value_eur", "#value+eur"), C("source", "#meta+source", writable=False),
                 C("status", "#status", step=True), C("announced_on", "#date+announced"),
                 C("committed_on", "#date+committed", step=True),
                 C("delivery_started_on", "#date+delivery+start", step=True),
                 C("delivered_on", "#date+delivered", step=True),
                 C("cancelled_on", "#date+cancelled", step=True),
                 C("notes", "#description+notes")],
        create=creating(donations.pledge_create),
        update=updating(donations.pledge_update, "pledge"),
        create_many=lambda actor, rows, known, write: donations.pledges_create(
            actor=actor, rows=rows, known_references=known, write=write),
        steps={
            "committed": step(donations.pledge_commit, "pledge", "committed_on"),
            "in_delivery": step(donations.pledge_start_delivery, "pledge", "delivery_started_on"),
            "delivered": step(donations.pledge_mark_delivered, "pledge", "delivered_on"),
        },
        status_field="status",
    ),
    SheetType(
        "allocations", Allocation, title="Allocations", key="id",
        columns=[C("pledge", "#activity+pledge+code", writable=False),
                 C("requirement", "#need+code", writable=False),
                 C("quantity", "#item+quantity", writable=False),
                 C("created_at", "#date+allocated", derived=True)],
        create=picking(donations.allocation_create, "pledge", "requirement", "quantity"),
    ),
    SheetType(
        "shipments", Shipment, title="Shipments", key="id",
        columns=[C("allocation", "#activity+allocation+id", writable=False),
                 C("quantity", "#item+quantity", writable=False),
                 C("node", "#loc+node+code", writable=False),
                 C("origin", "#loc+origin+code", derived=True),
                 C("destination", "#loc+destination+code", derived=True),
                 C("planned_departure", "#date+departure+planned", writable=False),
                 C("planned_arrival", "#date+arrival+planned", derived=True),
                 C("status", "#status", step=True),
                 C("dispatched_at", "#date+dispatched", step=True),
                 C("arrived_at_node_at", "#date+arrived+node", step=True),
                 C("left_node_at", "#date+departed+node", step=True),
                 C("handed_over_at", "#date+handed_over", step=True)],
        create=picking(logistics.shipment_plan, "allocation", "quantity", "node",
                       "planned_departure"),
        steps={
            "in_transit": step(logistics.shipment_dispatch, "shipment", "dispatched_at", "at"),
            "at_node": step(logistics.shipment_record_arrival, "shipment", "arrived_at_node_at",
                            "at"),
            "onward": step(logistics.shipment_record_departure, "shipment", "left_node_at",
                           "at"),
        },
        status_field="status",
    ),
    SheetType(
        "repair-orders", RepairOrder, title="Repair orders",
        columns=[C("code", "#activity+repair+code"), C("recipient", "#country+recipient+code"),
                 C("item", "#item+code", writable=False),
                 C("quantity", "#item+quantity", writable=False),
                 C("serial_numbers", "#item+serial", writable=False),
                 C("facility", "#loc+facility+code", writable=False),
                 C("status", "#status", step=True),
                 C("requested_on", "#date+requested", writable=False),
                 C("received_on", "#date+received", step=True),
                 C("repair_started_on", "#date+repair+start", step=True),
                 C("returned_on", "#date+returned", derived=True),
                 C("returned_quantity", "#item+quantity+returned", derived=True),
                 C("written_off_quantity", "#item+quantity+written_off", derived=True)],
        create=creating(repairs.repair_order_create),
        steps={
            "received": step(repairs.repair_order_receive, "order", "received_on"),
            "in_repair": step(repairs.repair_order_start, "order", "repair_started_on"),
        },
        status_field="status",
    ),
    SheetType(
        "sessions", CourseSession, title="Course sessions",
        columns=[C("code", "#activity+session+code"), C("course", "#activity+course+code"),
                 C("facility", "#loc+facility+code"), C("start_date", "#date+start"),
                 C("seats", "#capacity+seats"), C("status", "#status", step=True)],
        create=creating(training.session_create),
        update=updating(training.session_update, "session"),
        status_field="status",
    ),
    SheetType(
        "training-requests", TrainingRequest, title="Training requests",
        columns=[C("code", "#activity+request+code"), C("recipient", "#country+recipient+code"),
                 C("recipient_unit", "#org+unit"), C("course", "#activity+course+code"),
                 C("crews_needed", "#crews+needed"), C("needed_by", "#date+needed"),
                 C("requirement", "#need+code"), C("status", "#status", step=True)],
        create=creating(training.training_request_create),
        update=updating(training.training_request_update, "request"),
        status_field="status",
    ),
    SheetType(
        "enrolments", Enrolment, title="Enrolments", key="id",
        columns=[C("request", "#activity+request+code", writable=False),
                 C("session", "#activity+session+code", writable=False),
                 C("crews", "#crews", writable=False), C("status", "#status", step=True)],
        create=picking(training.enrolment_create, "request", "session", "crews"),
        steps={"trained": step(training.enrolment_mark_trained, "enrolment")},
        status_field="status",
    ),
    SheetType(
        "financial-pledges", FinancialPledge, title="Financial pledges",
        columns=[C("code", "#activity+funding+code"), C("donor", "#org+donor"),
                 C("first_year", "#date+year+start"), C("last_year", "#date+year+end"),
                 C("amount", "#value"), C("currency", "#currency"),
                 C("amount_eur", "#value+eur"), C("kind", "#activity+type"),
                 C("announced_on", "#date+announced"), C("notes", "#description+notes")],
        create=creating(funding.financial_pledge_create),
        update=updating(funding.financial_pledge_update, "pledge"),
    ),
    SheetType(
        "disbursements", Disbursement, title="Disbursements", key="id",
        columns=[C("financial_pledge", "#activity+funding+code", writable=False),
                 C("date", "#date+paid", writable=False),
                 C("amount_eur", "#value+eur", writable=False),
                 C("note", "#description+notes", writable=False)],
        create=picking(funding.disbursement_record, "financial_pledge", "date", "amount_eur",
                       "note"),
    ),
    SheetType(
        "posts", Post, title="Posts",
        columns=[C("code", "#post+code"), C("title", "#post+title"),
                 C("branch", "#post+branch"), C("rank_band", "#post+rank"),
                 C("filled_by", "#country+code", writable=False),
                 C("filled_from", "#date+start", writable=False),
                 C("filled_to", "#date+end", writable=False)],
        create=creating(manning.post_create),
    ),
    SheetType(
        "capability-targets", CapabilityTarget, title="Capability targets", key="id",
        columns=[C("recipient", "#country+recipient+code"), C("area", "#sector+code"),
                 C("year", "#date+year"), C("description", "#description"),
                 C("target_quantity", "#targeted+quantity"),
                 C("achieved_quantity", "#reached+quantity"),
                 C("target_level", "#targeted+level")],
        create=creating(development.target_create),
        update=target_update,
    ),
]
