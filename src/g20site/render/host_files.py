"""The description of ``hosting.py`` in each host's words: ``_headers`` and ``_redirects`` (Netlify,
Cloudflare Pages) and ``.htaccess`` (Apache), written into the output by ``g20site build``, and the
nginx and Caddy snippets, printed by ``g20site host-config nginx|caddy`` (they read nothing from the
output). tests/test_hosting.py runs each on the real server.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .hosting import ATOM, ENCODINGS, FEED, HASHED_FOLDERS, IMMUTABLE, NO_CACHE, PRECOMPRESSED, TYPES, Serving

HEAD = "# Written by g20site build from content/site.yaml (hosting:); see README, Publishing.\n"
HTML = dict(TYPES)["html"]
_COMPRESSED = "|".join(suffix.lstrip(".") for suffix in PRECOMPRESSED)
_VARIES = f"(/|\\.({_COMPRESSED}))(\\.br|\\.gz)?$"  # the answers that depend on Accept-Encoding


def headers_file(serving: Serving, feeds: list[str]) -> str:
    """Netlify's and Cloudflare Pages' ``_headers``: security headers everywhere, a year of caching
    for the files named by their content, the type of the Atom feeds. (Both already ask browsers to
    check every other file again, and compress on their own.)"""
    base = serving.base
    lines = [HEAD.rstrip("\n"), f"{base}*"] + [f"  {name}: {value}" for name, value in serving.headers]
    for path in [f"{folder}*" for folder in HASHED_FOLDERS] + list(serving.hashed):
        lines += [f"{base}{path}", f"  Cache-Control: {IMMUTABLE}"]
    for path in feeds:
        lines += [f"{base}{path}", f"  Content-Type: {ATOM}"]
    return "\n".join(lines) + "\n"


def redirects_file(serving: Serving) -> str:
    """Netlify's ``_redirects``: an address with no file gets the 404 page of its language.
    (Cloudflare Pages finds the nearest ``404.html`` up the folders on its own.)"""
    lines = [f"{serving.base}{folder}*  {serving.base}{page}  404" for folder, page in serving.not_found]
    return HEAD + "\n".join(lines) + "\n"


def htaccess(serving: Serving, feeds: list[str]) -> str:
    """Apache's ``.htaccess`` (it needs ``AllowOverride All`` and the modules dir, mime, headers,
    rewrite): types, 404 pages, precompressed copies, caching and security headers."""
    return "\n".join([HEAD.rstrip("\n"), "Options -Indexes -MultiViews", "DirectoryIndex index.html",
                      *_apache_not_found(serving), *_apache_types(), *_apache_precompressed(),
                      *_apache_headers(serving)]) + "\n"


def _apache_not_found(serving: Serving) -> list[str]:
    *others, (_, default) = serving.not_found
    lines = [f"ErrorDocument 404 {serving.base}{default}"]
    for folder, page in others:
        lines += [f'<If "%{{REQUEST_URI}} =~ m#^{re.escape(serving.base + folder)}#">',
                  f"  ErrorDocument 404 {serving.base}{page}", "</If>"]
    return lines


def _apache_types() -> list[str]:
    """Types by ending; ``x.html.br`` is ``text/html`` sent with ``Content-Encoding: br`` (mod_mime reads
    every ending of a name)."""
    lines = ["<IfModule mod_mime.c>", "  RemoveType .gz .br"]
    lines += [f"  AddType {kind.split(';')[0]} .{ending}" for ending, kind in TYPES]
    lines += ["  AddCharset utf-8 " + " ".join(f".{ending}" for ending, kind in TYPES if kind.endswith("utf-8"))]
    lines += [f"  AddEncoding {name} {suffix}" for name, suffix in ENCODINGS]
    lines += [f'  <FilesMatch "^{re.escape(FEED)}(\\.br|\\.gz)?$">', f'    ForceType "{ATOM}"', "  </FilesMatch>",
              "</IfModule>"]
    return lines


def _apache_precompressed() -> list[str]:
    """A browser that accepts br (or gzip) gets ``x.br`` (``x.gz``) for ``x`` when it is there."""
    lines = ["<IfModule mod_rewrite.c>", "  RewriteEngine On"]
    for name, suffix in ENCODINGS:
        lines += [f"  RewriteCond %{{HTTP:Accept-Encoding}} \\b{name}\\b",
                  f"  RewriteCond %{{REQUEST_FILENAME}}index.html{suffix} -f",
                  f"  RewriteRule (^|/)$ %{{REQUEST_URI}}index.html{suffix} [L]",
                  f"  RewriteCond %{{HTTP:Accept-Encoding}} \\b{name}\\b",
                  f"  RewriteCond %{{REQUEST_FILENAME}}{suffix} -f",
                  f"  RewriteRule \\.({_COMPRESSED})$ %{{REQUEST_URI}}{suffix} [L]"]
    lines += ["  RewriteRule \\.(br|gz)$ - [E=no-gzip:1,E=no-brotli:1]", "</IfModule>"]
    return lines


def _apache_headers(serving: Serving) -> list[str]:
    lines = ["<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in serving.headers]
    hashed = serving.hashed_pattern
    lines += [f'  Header set Cache-Control "{IMMUTABLE}" "expr=%{{REQUEST_URI}} =~ m#{hashed}#"',
              f'  Header set Cache-Control "{NO_CACHE}" "expr=%{{REQUEST_URI}} !~ m#{hashed}#"',
              f'  Header merge Vary Accept-Encoding "expr=%{{REQUEST_URI}} =~ m#{_VARIES}#"',
              "</IfModule>"]
    return lines


def nginx(serving: Serving, root: str) -> str:
    """An nginx snippet: two maps for the ``http { }`` block, a location for the ``server { }`` block
    that serves the output folder from ``root`` + the base path."""
    name = _variable(serving.address)
    not_found = "\n".join(f'    "~^{re.escape(serving.base + folder)}" {serving.base}{page};'
                          for folder, page in serving.not_found[:-1])
    types = "\n".join(f"        {kind.split(';')[0]} {ending};" for ending, kind in TYPES)
    texts = {kind.split(";")[0] for _, kind in TYPES if kind.endswith("utf-8")} - {"text/html"}  # html: always
    charset_types = " ".join(sorted(texts))
    headers = "\n".join(f'    add_header {header} "{value}" always;' for header, value in serving.headers)
    return f"""# g20site: nginx serving this site at {serving.base} (made by g20site host-config nginx).
# 1. In the http {{ }} block (on Debian and Ubuntu: a file in /etc/nginx/conf.d/):
map $uri ${name}_cache {{
    default "{NO_CACHE}";
    "~{serving.hashed_pattern}" "{IMMUTABLE}";
}}
map $uri ${name}_404 {{
    default {serving.base}{serving.not_found[-1][1]};
{not_found}
}}

# 2. In the server {{ }} block; the output folder goes to {root.rstrip("/")}{serving.base}
location {serving.base} {{
    root {root};
    index index.html;
    gzip_static on;
    brotli_static on;  # Debian and Ubuntu: apt-get install libnginx-mod-http-brotli-static (or remove this line)
    gzip_vary on;
    types {{
{types}
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {charset_types} {ATOM.split(";")[0]};
    error_page 404 ${name}_404;
    add_header Cache-Control ${name}_cache always;
{headers}
    location ~ /{re.escape(FEED)}$ {{
        types {{ }}
        default_type {ATOM.split(";")[0]};
    }}
}}
"""


def _variable(address: str) -> str:
    """The prefix of this site's nginx variables, from its address (two sites on one server differ in it):
    ``https://example.go.id/g20/`` -> ``g20site_example_go_id_g20``."""
    return "g20site_" + re.sub(r"[^a-z0-9]+", "_", address.split("://", 1)[-1].lower()).strip("_")


WRITERS: dict[str, Callable[[Serving, list[str]], str]] = {
    "_headers": headers_file,
    "_redirects": lambda serving, feeds: redirects_file(serving),
    ".htaccess": htaccess,
}


def caddy(serving: Serving, root: str) -> str:
    """A Caddyfile snippet for the site block: the output folder served from ``root`` + the base path."""
    base = serving.base
    serve = [f"root * {root}", "header {", *(f'\t{name} "{value}"' for name, value in serving.headers),
             '\t?Vary "Accept-Encoding"', "}", "file_server {", "\tprecompressed br gzip", "}"]
    hashed = f'path_regexp "{serving.hashed_pattern}"'
    site = [f"handle {base}* {{", *_indent(serve),
            f"\t@hashed {hashed}", f'\theader @hashed Cache-Control "{IMMUTABLE}"',
            f"\t@fresh not {hashed}", f'\theader @fresh Cache-Control "{NO_CACHE}"',
            *_indent(_caddy_types()), "}"]
    rewrites = [f"rewrite {base}{folder}* {base}{page}" for folder, page in serving.not_found[:-1]]
    missing = ["@missing {", "\texpression {err.status_code} == 404", f"\tpath {base}*", "}", "handle @missing {",
               *_indent([*rewrites, f"rewrite * {base}{serving.not_found[-1][1]}", *serve,
                         f'header Cache-Control "{NO_CACHE}"', f'header Content-Type "{HTML}"']), "}"]
    return "\n".join([f"# g20site: Caddy serving this site at {base} (made by g20site host-config caddy).",
                      f"# Inside the site block (example.go.id {{ ... }}); the output folder goes to "
                      f"{root.rstrip('/')}{base}", *site, "handle_errors {", *_indent(missing), "}"]) + "\n"


def _caddy_types() -> list[str]:
    """Every type of the table set by ending (Caddy's own table lacks Pagefind's, and says text/xml)."""
    lines = []
    for ending, kind in TYPES:
        exclude = [f"\tnot path */{FEED}"] if f".{ending}" == FEED[FEED.rindex("."):] else []
        lines += [f"@{ending} {{", f"\tpath *.{ending}", *exclude, "}", f'header @{ending} Content-Type "{kind}"']
    return [*lines, f"@feeds path */{FEED}", f'header @feeds Content-Type "{ATOM}"']


def _indent(lines: list[str]) -> list[str]:
    return [f"\t{line}" for line in lines]
