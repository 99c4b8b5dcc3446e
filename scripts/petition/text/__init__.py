"""What a French reader sees: plain strings enter; French typography (no-break spaces, dates,
numbers) and Markdown-escaped text leave."""
