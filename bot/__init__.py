"""The running service: settings, aiohttp app, channels, conversation, jobs, staff portal, CLI."""
