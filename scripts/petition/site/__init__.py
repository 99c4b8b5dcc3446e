"""The public site, as a MkDocs plugin: the loaded repository, figures and letters enter; generated
Markdown pages, the map, the feed and the downloads leave."""
