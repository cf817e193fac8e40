"""The browser terminal: pages and a websocket the bot serves itself, beside Slack's events."""
