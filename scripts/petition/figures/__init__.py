"""Counting: loaded motions and the referential enter; figures per campaign (bodies, population
couverte and cumulée, votes) and their text, JSON and CSV renderings leave."""
