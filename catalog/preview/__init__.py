"""Preview: the development server that rebuilds and reloads on every edit."""
