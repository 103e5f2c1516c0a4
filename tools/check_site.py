"""Check what a learner sees on the built website: `python tools/check_site.py [_build/site]`; exits 1 on any problem.

- every page links the course's stylesheet, and that stylesheet makes what a cell printed wrap (`white-space: pre-wrap`
  on `div.cell_output pre`) instead of scrolling sideways; every page links the favicon, which is in the site;
- every picture in a cell's output has alt text that says something (not empty, not its file name);
- no lesson page has the module docs' section (tools/docs_notebooks.py leaves it out);
- no page shows Quarto's link attributes (`{target="_blank" ...}`, which `show_doc` writes) or links a line `#LNone`.
"""
import re, sys
from html.parser import HTMLParser
from pathlib import Path

CSS, FAVICON = '_static/course.css', '_static/favicon.ico'
WRAP = re.compile(r'div\.cell_output\s+pre\s*\{[^}]*white-space:\s*pre-wrap', re.S)
LESSON = re.compile(r'^0[1-6]')

class Page(HTMLParser):
    "The stylesheets and icons a page links, and the `alt` of each picture in a cell's output"
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.links, self.alts, self.depth, self.text = set(), [], 0, text
        self.feed(text)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'link' and a.get('href'): self.links.add(a['href'].split('?')[0])
        if tag == 'div' and ('cell_output' in (a.get('class') or '').split() or self.depth): self.depth += 1
        if tag == 'img' and self.depth: self.alts.append((a.get('alt') or '', a.get('src', '')))
    def handle_endtag(self, tag):
        if tag == 'div' and self.depth: self.depth -= 1

def check(site) -> list:
    site, problems = Path(site), []
    css = site / CSS
    if not css.is_file() or not WRAP.search(css.read_text(encoding='utf-8')): problems.append(f"{CSS}: no rule making `div.cell_output pre` wrap")
    if not (site / FAVICON).is_file(): problems.append(f"{FAVICON} is not in the site")
    pages = sorted(site.glob('*.html'))
    for f in pages:
        p = Page(f.read_text(encoding='utf-8'))
        for need in (CSS, FAVICON):
            if need not in p.links: problems.append(f"{f.name}: does not link {need}")
        for alt, src in p.alts:
            if not alt.strip() or Path(src).stem in alt: problems.append(f"{f.name}: the picture {src} has no alt text that says what it shows")
        if LESSON.match(f.name) and "What this lesson’s module gives you" in p.text.replace("'", '’'):
            problems.append(f"{f.name}: shows the module docs' section")
        for junk in ('{target=', '#LNone'):
            if junk in p.text: problems.append(f"{f.name}: shows {junk!r}, left from show_doc's Quarto markdown")
    print(f"site: {len(pages)} pages, outputs wrap, favicon, alt text, no module docs on lessons, no Quarto leftovers: {len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}")
    return problems

if __name__ == '__main__':
    problems = check(sys.argv[1] if len(sys.argv) > 1 else '_build/site')
    for p in problems: print('  ' + p)
    sys.exit(1 if problems else 0)
