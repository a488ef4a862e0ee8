"""Built-in plugins. Each module is an ordinary plugin registered through the same hooks as
third-party ones (see ``skcb.plugins.BUILTIN_PLUGINS``)."""
