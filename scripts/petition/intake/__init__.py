"""Contributions from people: an issue form, `petition new` answers or a pull request's files enter;
a checked motion file, French comments and summaries leave."""
