"""Many teams: a manager's aggregate export, and the organisation a director rolls up from them."""
