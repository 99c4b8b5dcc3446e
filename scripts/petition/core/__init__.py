"""Reading and checking one repository: files under motions/ enter; loaded motions and campaigns,
their problems (path, line, message) and the official referential leave."""
