"""One demo login per role, with a fixed password for the demo only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from convoy.core.models import Membership, Organisation, Role
from convoy.intake.demo.base import Loader

DEMO_PASSWORD = "convoy-demo-2024"


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    organisation: str  # key in the organisations the loader made


LOGINS = [
    Login("coordinator", "Coordinator at the command", Role.COORDINATOR, "NSATU"),
    Login("donor-deu", "Donor liaison, Germany", Role.DONOR_LIAISON, "MOD-DEU"),
    Login("donor-pol", "Donor liaison, Poland", Role.DONOR_LIAISON, "MOD-POL"),
    Login("planner-ukr", "Recipient planner, Ukraine", Role.RECIPIENT_PLANNER, "AFU"),
    Login("node-rzeszow", "Node operator, Rzeszów", Role.NODE_OPERATOR, "NODE-RZE"),
    Login("facility-pol", "Facility operator, armour training and repair (POL)",
          Role.FACILITY_OPERATOR, "TF-POL-SWIETOSZOW"),
    Login("viewer", "Viewer (ministers' staff, auditors)", Role.VIEWER, "NSATU"),
]


def load_logins(loader: Loader, organisations: dict[str, Organisation]) -> list[Login]:
    """The users (made with Django's user manager; users are not domain records) and their
    memberships (audited)."""
    users = get_user_model()
    for login in LOGINS:
        user = users.objects.filter(username=login.username).first()
        if user is None:
            first, _, last = login.name.partition(", ")
            user = users.objects.create_user(username=login.username, first_name=first,
                                             last_name=last)
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            loader.created["auth.User"] = loader.created.get("auth.User", 0) + 1
        loader.record(Membership, ("user", "organisation"), user=user,
                      organisation=organisations[login.organisation], role=login.role)
    return LOGINS
