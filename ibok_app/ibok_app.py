"""The Reflex app: pages, API routes and the background outbox worker."""
import reflex as rx


def index() -> rx.Component:
    return rx.heading("IBOK")


app = rx.App()
app.add_page(index, route="/")
