"""Server-rendered pages, one module per page (Datasette's way). Each route calls one desk service."""

from caina.web.views import audit, auth, consult, edits, home, opinions, page, report, review, versions

ROUTERS = [auth.router, home.router, review.router, page.router, opinions.router, edits.router, versions.router,
           report.router, consult.router, audit.router]  # fmt: skip
