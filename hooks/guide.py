"""MkDocs hook: tell the macros which command is running, so `mkdocs serve` may use a local address.

A build for a loopback or private site_url stops (its QR codes would lead nowhere); serving on
localhost is the one place that address is right. mkdocs-macros does not see the command, so
this hook passes it on through the process environment (see macros/__init__.py).
"""
import os

COMMAND_VARIABLE = "GUIDE_MKDOCS_COMMAND"


def on_startup(command, dirty, **kwargs):
    os.environ[COMMAND_VARIABLE] = command
