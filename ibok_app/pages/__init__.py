"""One module per page; each declares its route with @rx.page."""
import importlib
import pkgutil


def register_all_pages() -> None:
    """Import every page module so its @rx.page decorators run (a new page is just a new module)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
