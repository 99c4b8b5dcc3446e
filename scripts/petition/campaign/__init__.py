"""A campaign beyond its motions: the loaded repository enters; its target councils and their status,
the outreach kit, and the record of letters sent and answers received leave."""
