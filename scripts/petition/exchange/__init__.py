"""Open data in and out: CSV rows (SCDL or template) enter as motion files written atomically;
loaded motions leave as SCDL, JSON and CSV exports."""
