"""The customer zone's download routes, one list (see customer_files.customer_file_route)."""
from __future__ import annotations

from starlette.routing import BaseRoute

from ibok_app.api import billing_files, case_files, my_data_files, readings_files
from ibok_app.api.customer_files import customer_file_route


def customer_routes() -> list[BaseRoute]:
    return [
        customer_file_route(case_files.TICKET_PHOTO, case_files.fetch_ticket_photo, inline=True),
        customer_file_route(case_files.COMPLAINT_PHOTO, case_files.fetch_complaint_photo, inline=True),
        customer_file_route(my_data_files.EXPORT_JSON_PATH, my_data_files.fetch_export_json),
        customer_file_route(my_data_files.EXPORT_ZIP_PATH, my_data_files.fetch_export_zip),
        customer_file_route(billing_files.DOCUMENT_PDF, billing_files.fetch_document_pdf),
        customer_file_route(billing_files.CONTRACT_PDF, billing_files.fetch_contract_pdf),
        customer_file_route(billing_files.ANNEX_PDF, billing_files.fetch_annex_pdf),
        customer_file_route(readings_files.READINGS_CSV, readings_files.fetch_readings_csv),
    ]
