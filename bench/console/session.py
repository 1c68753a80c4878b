"""Signs a console user in the way a browser does and prints the Cookie header to replay.

usage: session.py BASE SETUP_URL EMAIL PASSWORD
"""
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base, setup_url, email, password = sys.argv[1:5]
jar = http.cookiejar.CookieJar()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def csrf(path):
    html = opener.open(base + path).read().decode()
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        opener.open(urllib.request.Request(base + path, data=data))
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise


setup = urllib.parse.urlparse(setup_url).path
post(setup, {"csrf": csrf(setup), "password": password, "repeat": password})
post("/console/login", {"csrf": csrf("/console/login"), "email": email, "password": password})
cookies = {c.name: c.value for c in jar}
assert "aval-console" in cookies, "sign-in failed"
print("; ".join(f"{k}={v}" for k, v in cookies.items()))
