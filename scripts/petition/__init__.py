"""petition: motions of French councils, from YAML files to figures, letters, pages and exports.

Stages, each importing only those before it: text, core → figures, exchange → intake, letters,
campaign → site → cli."""
