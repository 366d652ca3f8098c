"""The reference data as spreadsheets: nations, item groups, items, nodes, lanes, courses and
the training and repair facilities."""

from convoy.catalog import services as catalog
from convoy.catalog.models import Item, ItemGroup
from convoy.core import directory
from convoy.core.models import Nation
from convoy.intake.spreadsheets.columns import Column as C
from convoy.intake.spreadsheets.sheets import SheetType
from convoy.logistics import services as logistics
from convoy.logistics.models import Lane, Node
from convoy.repairs import services as repairs
from convoy.repairs.models import RepairFacility
from convoy.training import services as training
from convoy.training.models import Course, TrainingFacility


def updating(function, name):
    """`function(actor=..., <name>=obj, **changes)` as the sheet's update."""
    return lambda actor, obj, **changes: function(actor=actor, **{name: obj}, **changes)


def creating(function):
    return lambda actor, **fields: function(actor=actor, **fields)


REFERENCE_TYPES = [
    SheetType(
        "nations", Nation, title="Nations",
        columns=[C("code", "#country+code"), C("name", "#country+name"),
                 C("kind", "#country+type"), C("participation", "#status+participation"),
                 C("gdp_usd", "#value+gdp+usd"), C("gdp_year", "#date+year+gdp")],
        create=creating(directory.nation_create),
        update=updating(directory.nation_update, "nation"),
    ),
    SheetType(
        "item-groups", ItemGroup, title="Item groups",
        columns=[C("code", "#item+group+code"), C("name", "#item+group+name"),
                 C("area", "#sector+code")],
        create=creating(catalog.item_group_create),
        update=updating(catalog.item_group_update, "group"),
    ),
    SheetType(
        "items", Item, title="Items",
        columns=[C("code", "#item+code"), C("name", "#item+name"),
                 C("group", "#item+group+code"), C("unit_mass_t", "#item+mass+tonnes"),
                 C("nato_stock_number", "#item+nsn"),
                 C("training_course", "#activity+course+code"),
                 C("crews_per_unit", "#item+crews")],
        create=creating(catalog.item_create),
        update=updating(catalog.item_update, "item"),
    ),
    SheetType(
        "nodes", Node, title="Logistics nodes",
        columns=[C("code", "#loc+node+code"), C("name", "#loc+node+name"),
                 C("nation", "#country+code"), C("place", "#loc+name"),
                 C("operator", "#org+operator+id"),
                 C("capacity_t_per_week", "#capacity+tonnes+weekly")],
    ),
    SheetType(
        "lanes", Lane, title="Lanes", key="id",
        columns=[C("node", "#loc+node+code"), C("location", "#loc+code"),
                 C("direction", "#direction"), C("transit_weeks", "#duration+weeks"),
                 C("cost_per_t", "#value+cost+eur")],
        create=creating(logistics.lane_create),
        update=updating(logistics.lane_update, "lane"),
    ),
    SheetType(
        "courses", Course, title="Courses",
        columns=[C("code", "#activity+course+code"), C("name", "#activity+course+name"),
                 C("capability_area", "#sector+code"), C("item_group", "#item+group+code"),
                 C("duration_weeks", "#duration+weeks"), C("language", "#language"),
                 C("host_nation", "#country+host+code")],
        create=creating(training.course_create),
        update=updating(training.course_update, "course"),
    ),
    SheetType(
        "training-facilities", TrainingFacility, title="Training facilities",
        columns=[C("code", "#loc+facility+code"), C("name", "#loc+facility+name"),
                 C("nation", "#country+code"), C("place", "#loc+name"),
                 C("operator", "#org+operator+id")],
        create=creating(training.facility_create),
        update=updating(training.facility_update, "facility"),
    ),
    SheetType(
        "repair-facilities", RepairFacility, title="Repair facilities",
        columns=[C("code", "#loc+facility+code"), C("name", "#loc+facility+name"),
                 C("nation", "#country+code"), C("location", "#loc+code"),
                 C("operator", "#org+operator+id"), C("item_groups", "#item+group+code"),
                 C("capacity_per_week", "#capacity+weekly"),
                 C("turnaround_weeks", "#duration+weeks")],
        create=creating(repairs.repair_facility_create),
        update=updating(repairs.repair_facility_update, "facility"),
    ),
]
