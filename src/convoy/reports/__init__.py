"""Pages on top of the domain apps: each role's start page with what needs attention, and the
search across every record type."""
