#!/usr/bin/python3
"""Fails when a Chromium net log shows a request made by the page (make test-browser).

Usage: check_net_log.py NETLOG.json
Chromium's own background requests (updates, accounts) have initiator "not an origin"; a
request made by a page opened from a file has the file's opaque origin ("null") or another
origin as its initiator. Any page request for a URL that is not file:, data:, blob:, about:
or chrome: is a network request leaving the file. Exit 0 when there is none; 1 otherwise.
"""
import json
import sys

LOCAL = ("file:", "data:", "blob:", "about:", "chrome:")


def main(argv):
    if len(argv) != 2:
        print("usage: check_net_log.py NETLOG.json", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        log = json.load(f)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    requests = set()
    for event in log["events"]:
        params = event.get("params", {})
        if names.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if params.get("initiator") == "not an origin" or params["url"].startswith(LOCAL):
            continue
        requests.add(params["url"])
    for url in sorted(requests):
        print(f"{argv[1]}: the page requested {url}", file=sys.stderr)
    print(f"{argv[1]}: {len(requests)} request(s) made by the page beyond the file")
    return 1 if requests else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
