"""Helpers shared by the apps' tests."""

import re


def chemin_du_lien(message, motif: str = r"https?://\S+") -> str:
    """The path of the first link of an e-mail matching ``motif``, to follow with the test client."""
    url = re.search(motif, message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def sans_nonce(page: str) -> str:
    """A page's HTML without its per-response CSP nonces and CSRF tokens, to compare two
    answers."""
    page = re.sub(r'nonce="[^"]*"', 'nonce=""', page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
