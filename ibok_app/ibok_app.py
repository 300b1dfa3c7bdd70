"""The Reflex app: pages, plain HTTP routes, security headers and the outbox worker."""
import reflex as rx

from ibok_app import strings
from ibok_app.api.client_address import client_address
from ibok_app.api.form_fallback import form_fallback
from ibok_app.api.routes import make_api
from ibok_app.api.security_headers import security_headers
from ibok_app.components.layout import pending_nav_hint, signed_in_hint
from ibok_app.config import settings
from ibok_app.pages import register_all_pages
from ibok_app.services.accounts import housekeeping
from ibok_app.services.notifications import delivery
from ibok_app.services.payments import expiry as payment_expiry
from ibok_app.state.connection_guard import ConnectionGuard
from ibok_app.state.refused_events import backend_exception_handler, install_log_filters
from ibok_app.state.tree_sweeper import sweep_forever
from ibok_app.state.upload_guard import upload_guard

register_all_pages()  # every module in pages/ declares its routes with @rx.page

app = rx.App(
    html_lang="pl",
    stylesheets=["/ibok.css"],
    head_components=[rx.el.meta(name="description", content=strings.APP_NAME), signed_in_hint(),
                     pending_nav_hint()],
    # Applied in order, so the last is outermost: the real client address first of all.
    api_transformer=[make_api(), upload_guard, form_fallback, security_headers, client_address],
    backend_exception_handler=backend_exception_handler,
)
install_log_filters()
app.add_middleware(ConnectionGuard(), index=0)  # before Reflex's own: hydrate sees a wiped tree


async def outbox_worker() -> None:
    """E-mails and SMS leave through the outbox; this delivers them while the app runs."""
    await delivery.run_worker(interval_s=settings().outbox_interval_s)


app.register_lifespan_task(outbox_worker)
app.register_lifespan_task(housekeeping.run_periodically)
app.register_lifespan_task(payment_expiry.run_periodically)


def _connected(token: str) -> bool:
    namespace = app.event_namespace
    return namespace is not None and token in namespace.token_to_sid


async def anonymous_tree_sweeper() -> None:
    """Tabs nobody is signed in to leave no state tree behind (state/tree_sweeper.py)."""
    await sweep_forever(lambda: app.state_manager, _connected)


app.register_lifespan_task(anonymous_tree_sweeper)
