"""The `petition` command line: arguments enter; calls into the stages below, printed output and
exit statuses (0 good, 1 data errors, 2 wrong usage) leave."""
