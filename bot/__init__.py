"""The running service: settings, the aiohttp application, channels, conversation, jobs, staff portal and CLI."""
