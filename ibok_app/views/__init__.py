"""What services hand to pages and to renderers: display dataclasses and the Polish
formats they are filled with. Below services and integrations, above models, so a
PDF renderer (integrations/) and the service that feeds it (services/) both import
it and never each other."""
