"""Staff pages of the registry: thin views that parse a form, call a selector or a service, render."""
