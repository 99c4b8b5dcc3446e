"""The `petition` command line: arguments enter; calls into the stages below, printed output and
exit statuses (0 good, 1 data errors, 2 wrong usage) leave."""

from petition.cli.french import install

install()  # before any command is declared: click reads some of its words then
