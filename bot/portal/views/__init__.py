"""Request handlers for the portal pages, one module per area."""
