"""Signing in to the admin in a real browser, as the browser tests' staff do."""

# The password tests.factories.make_staff gives every account.
PASSWORD = "correct horse battery staple"


def log_in(page, address, username="editor"):
    """Open an admin address and sign in on the login page it shows first."""
    page.goto(address)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
