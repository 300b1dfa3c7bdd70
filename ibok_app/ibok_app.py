"""The Reflex app: pages, plain HTTP routes, security headers and the outbox worker."""
import reflex as rx

from ibok_app import strings
from ibok_app.config import settings
from ibok_app.api.routes import make_api
from ibok_app.api.security_headers import security_headers
from ibok_app.pages import register_all_pages
from ibok_app.services import delivery, housekeeping

register_all_pages()  # every module in pages/ declares its routes with @rx.page

app = rx.App(
    html_lang="pl",
    stylesheets=["/ibok.css"],
    head_components=[rx.el.meta(name="description", content=strings.APP_NAME)],
    api_transformer=[make_api(), security_headers],
)


async def outbox_worker() -> None:
    """E-mails and SMS leave through the outbox; this delivers them while the app runs."""
    await delivery.run_worker(interval_s=settings().outbox_interval_s)


app.register_lifespan_task(outbox_worker)
app.register_lifespan_task(housekeeping.run_periodically)
