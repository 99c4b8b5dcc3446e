"""The JSON Schemas of the repository, shipped inside `petition` as the `petition.schema` package."""
