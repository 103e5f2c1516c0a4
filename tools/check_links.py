"""Check the links of a built website, offline: `python tools/check_links.py [_build/site]`; exits 1 on any problem.

Sphinx (-W) already fails on a broken cross-reference in the notebooks' prose; this reads the HTML it wrote, where the
notebooks' stored HTML outputs and the theme's own links are too. In every page it checks that
- each link to a page of the site (`href` of `a`, `area` and `link`, a form's `action`) reaches a file of the site, and
  that its `#fragment`, if any, is an `id` (or an `a`'s `name`) in that page;
- each resource a page loads (`src` of `img`, `script`, `iframe`, `source`, ...; stylesheets and icons) is a file of
  the site: a page that loads anything from the network would not work offline and tells the network who reads it;
and in each stylesheet, that every `url(...)` is a file of the site. Links to other websites are counted, not followed.
"""
import re, sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINKS = {('a', 'href'), ('area', 'href'), ('form', 'action')}
LOADS = {('img', 'src'), ('script', 'src'), ('iframe', 'src'), ('source', 'src'), ('video', 'src'), ('audio', 'src'),
         ('embed', 'src'), ('object', 'data'), ('input', 'src'), ('track', 'src'), ('video', 'poster')}

class Page(HTMLParser):
    "The ids of an HTML page, the links it makes and the resources it loads, as (tag, url) pairs"
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.loads = set(), [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag == 'a' and a.get('name'): self.ids.add(a['name'])
        for t, k in LINKS | LOADS:
            if t == tag and a.get(k) is not None: (self.links if (t, k) in LINKS else self.loads).append((tag, a[k]))
        if tag == 'link' and a.get('href') is not None:  # stylesheets, icons, preloads are loaded; rel=next/prev are links
            rel = set((a.get('rel') or '').lower().split())
            (self.loads if rel & {'stylesheet', 'icon', 'preload', 'modulepreload', 'manifest', 'apple-touch-icon'} else self.links).append((tag, a['href']))
        if tag == 'img' and a.get('srcset'):
            self.loads += [(tag, s.strip().split()[0]) for s in a['srcset'].split(',') if s.strip()]

def is_remote(url:str) -> bool:
    s = urlsplit(url)
    return bool(s.netloc) or s.scheme not in ('', 'file')

def target(site:Path, page:Path, url:str) -> Path|None:
    "The file of `site` that `url`, written in `page`, points to; None if it points outside the site"
    path = unquote(urlsplit(url).path)
    f = (site / path.lstrip('/')) if path.startswith('/') else (page.parent / path if path else page)
    f = f.resolve()
    if f.is_dir(): f = f / 'index.html'
    return f if f == site or site in f.parents else None

def check(site) -> list:
    "Problems with the links and resources of the website in folder `site`, one line each"
    site = Path(site).resolve()
    pages = {f: Page(f.read_text(encoding='utf-8', errors='replace')) for f in sorted(site.rglob('*.html'))}
    if not pages: return [f"{site}: no HTML pages"]
    problems, counts = [], dict(pages=len(pages), internal=0, external=0, loads=0)
    for f, p in pages.items():
        where = f.relative_to(site)
        for tag, url in p.loads:
            counts['loads'] += 1
            if url.startswith('data:'): continue
            if is_remote(url): problems.append(f"{where}: <{tag}> loads {url} from the network")
            elif not (t := target(site, f, url)) or not t.is_file(): problems.append(f"{where}: <{tag}> loads {url}, which is not in the site")
        for tag, url in p.links:
            if url.startswith(('mailto:', 'javascript:')) or is_remote(url):
                counts['external'] += 1; continue
            counts['internal'] += 1
            t = target(site, f, url)
            if not t or not t.is_file(): problems.append(f"{where}: <{tag}> links to {url}, which is not in the site"); continue
            frag = unquote(urlsplit(url).fragment)
            if frag and t.suffix == '.html':
                ids = pages[t].ids if t in pages else Page(t.read_text(encoding='utf-8', errors='replace')).ids
                if frag not in ids: problems.append(f"{where}: <{tag}> links to {url}, but {t.relative_to(site)} has no #{frag}")
    for css in sorted(site.rglob('*.css')):
        for url in re.findall(r'''url\(\s*['"]?([^'")]+)['"]?\s*\)''', css.read_text(encoding='utf-8', errors='replace')):
            counts['loads'] += 1
            if url.startswith(('data:', '#')): continue
            if is_remote(url): problems.append(f"{css.relative_to(site)}: url({url}) loads from the network")
            elif not (t := target(site, css, url)) or not t.is_file(): problems.append(f"{css.relative_to(site)}: url({url}) is not in the site")
    print(f"links: {counts['pages']} pages, {counts['internal']} links within the site, {counts['external']} to other sites "
          f"(not followed), {counts['loads']} resources loaded: {len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}")
    return problems

if __name__ == '__main__':
    problems = check(sys.argv[1] if len(sys.argv) > 1 else '_build/site')
    for p in problems: print('  ' + p)
    sys.exit(1 if problems else 0)
