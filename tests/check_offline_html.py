#!/usr/bin/python3
"""Fails when an HTML file would make a network request when opened (make test-browser).

Usage: check_offline_html.py FILE.html
Any element that loads something (script, link, img, iframe, object, embed, media, base,
meta refresh), any URL-valued attribute other than an in-page anchor (#...), and any CSS
url(...) other than url(#...) or @import counts. Exit 0 when there is none; 1 otherwise, with
one line per finding.
"""
import re
import sys
from html.parser import HTMLParser

LOADING_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio", "video",
                "source", "track", "base", "image", "use", "feimage", "picture", "portal"}
URL_ATTRIBUTES = {"src", "srcset", "href", "xlink:href", "action", "formaction", "poster", "data",
                  "background", "ping", "manifest", "codebase", "cite", "longdesc"}
CSS_URL = re.compile(r"url\(\s*(?!['\"]?#)|@import", re.IGNORECASE)


class Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.findings = []
        self.in_style = False

    def report(self, what):
        line, _ = self.getpos()
        self.findings.append(f"line {line}: {what}")

    def handle_starttag(self, tag, attrs):
        if tag in LOADING_TAGS:
            self.report(f"<{tag}> loads a resource")
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES and not value.startswith("#"):
                self.report(f'<{tag} {name}="{value}"> points outside the page')
            if name == "style" and CSS_URL.search(value):
                self.report(f"<{tag} style> uses url() or @import")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.report("<meta http-equiv=refresh> navigates")
        self.in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style and CSS_URL.search(data):
            self.report("<style> uses url() or @import")


def main(argv):
    if len(argv) != 2:
        print("usage: check_offline_html.py FILE.html", file=sys.stderr)
        return 2
    checker = Checker()
    with open(argv[1], encoding="utf-8") as f:
        checker.feed(f.read())
    for finding in checker.findings:
        print(f"{argv[1]}: {finding}", file=sys.stderr)
    print(f"{argv[1]}: {len(checker.findings)} external reference(s)")
    return 1 if checker.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
