"""The notebooks of `nbs/` made ready for the course website: `make docs` runs this, then Sphinx (myst-nb) on what it writes.

No notebook is run: every page shows the outputs stored in its notebook. `nbs/` is only read; the copies written to the
output folder change as follows:
- cells flagged `#| hide` (also `#| default_exp` and `#| include: false`) are left out, and directive lines such as
  `#| export` or `#| eval: false` are stripped from the code and prose that are shown;
- a lesson's `ask(n)` cell is shown as the question it printed, in a question box;
- the helper notebooks (`00*`, `07*`) are the package's API pages: after each exported cell comes a card for each
  function and class it defines, as nbdev's `show_doc` renders it (the signature with each parameter's comment, then the
  docstring), and the exported code itself folds away under "Show the source";
- a name in backticks becomes a link: a notebook's name (`00_config`) to its page, `pet_course.config` to the page of
  the notebook that exports that module, and a name that has a card (`get_config`, `Quiz.ask`) to its card;
- a lesson's closing section "What this lesson's module gives you" (module docs and their asserts, for nbdev) is left
  out, up to the next `## ` heading;
- each page starts with links to its notebook in the repository, the repository, and the book's chapter;
- a cell's pictures get alt text: the cell's `#| fig-alt:` directive, else its first comment line or a title it sets,
  else the code that drew them, and the section they are in; a picture wider than the page's column links to its full size;
- the landing page (`index.ipynb`) gets the site's table of contents: the lessons, numbered, then the package's pages,
  with the quiz's internals (checkers, question bank) under a collapsed "Package internals" entry and out of the search
  index (`nosearch`); the quiz's test cases (`07c_quiz_cases`) are not on the site.

The cards are `show_doc`'s output for the installed `pet_course`, imported here; `make check` keeps the package in step
with the notebooks. Usage: `python tools/docs_notebooks.py [nbs] [out]` (default `nbs` and `_build/docs-src`).
"""
import ast, base64, importlib, io, json, re, shutil, sys, tomllib, warnings
from pathlib import Path
from PIL import Image
from fastcore.nbio import NbCell
from fastcore.docments import MarkdownRenderer
from nbdev.showdoc import showdoc_nm

LIB = 'pet_course'
HELPERS = re.compile(r'^0[07]')  # 00_config, 00a_data, ..., 07_quiz, 07a_quiz_checkers, ...: the API pages
EXPORTS = {'export', 'exports', 'exporti'}  # cells whose code goes into the package (`exportd` demos are shown as they are)
LEFT_OUT = {'hide', 'default_exp'}  # directives whose cells are not shown at all
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_ASK = re.compile(r'''ask\(\s*(\d+|'R\d+'|"R\d+")\s*\)''')
_HEADING = re.compile(r'^(#{1,6})\s+\S')
_FENCE = re.compile(r'^\s*(```|~~~)')
MODULE_DOCS = "What this lesson's module gives you"  # a lesson's closing section, for nbdev: not on its page
INTERNALS = ['07a_quiz_checkers', '07b_quiz_bank']   # the quiz's machinery: collapsed in the sidebar, not searched
NOT_ON_SITE = {'07c_quiz_cases'}                    # the quiz's test cases, reference answers among them
REPO = tomllib.loads(Path(__file__).parent.with_name('pyproject.toml').read_text())['project']['urls']['Repository']
BOOK = 'https://github.com/fastai/fastbook/blob/master/05_pet_breeds.ipynb'  # the book's chapter the course teaches
COLUMN_PX = 736  # furo's content column (46em): a wider picture is scaled down to it

def shown_names(cell:NbCell) -> list:
    "The names `show_doc` documents for an exported cell, as nbdev's `add_show_docs` picks them: public or dunder top-level defs"
    trees = cell.parsed_() or []
    nms = [showdoc_nm(t) for t in trees if isinstance(t, _DEFS) and (t.name[0] != '_' or t.name[:2] == '__')]
    return [n for nm in nms for n in (nm if isinstance(nm, list) else [nm])]

def card(name:str, module, level:int) -> str:
    "Markdown for `show_doc(name)`: a heading, then the signature with its docments and the docstring"
    try: obj = eval(name, vars(module))
    except (NameError, AttributeError):
        sys.exit(f"docs: {module.__name__} has no {name}, which its notebook exports: run nbdev-export")
    return f"({label(module.__name__, name)})=\n{'#' * level} `{name}`\n\n" + MarkdownRenderer(obj, name=name)._repr_markdown_()

def package_module(name:str, nb:str):
    "The installed module `name`, which notebook `nb` exports"
    try: return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name: raise
        sys.exit(f"docs: {nb}.ipynb exports {name}, which is not in the package: run nbdev-export")

def label(module:str, name:str) -> str: return f"{module}.{name}".lower()

def md_lines(source:str):
    "Lines of markdown `source`, each with whether it is inside a fenced code block"
    fenced = False
    for line in source.split('\n'):
        if _FENCE.match(line): fenced = not fenced; yield line, True
        else: yield line, fenced

def headings(source:str) -> list:
    "The headings of markdown `source`, as (level, text) pairs"
    return [(len(m.group(1)), line[len(m.group(1)):].strip()) for line, fenced in md_lines(source)
            if not fenced and (m := _HEADING.match(line))]

def heading_level(source:str, level:int) -> int:
    "The level of the last heading in markdown `source`, or `level` if it has none"
    return hs[-1][0] if (hs := headings(source)) else level

def linkify(source:str, targets:dict) -> str:
    "Backticked names in markdown `source` that are in `targets` made links, leaving code blocks, headings and links alone"
    names = '|'.join(map(re.escape, sorted(targets, key=len, reverse=True)))
    pat = re.compile(r'(?<!\[)`((' + names + r')(?:\(\))?)`(?!\])')  # `name` or `name()`, not already a link's text
    link = lambda m: f"[`{m.group(1)}`]({targets[m.group(2)]})"
    return '\n'.join(line if fenced or _HEADING.match(line) else pat.sub(link, line)
                     for line, fenced in md_lines(source)) if targets else source

def question(cell:NbCell) -> str|None:
    "Markdown for the question an `ask(n)` cell printed, in a question box; None if it printed none"
    out = ''.join(o.get('text', '') for o in cell.get('outputs', []) if o.get('output_type') == 'stream')
    lines = out.rstrip('\n').split('\n')
    if not lines[0].startswith('Question ') or len(lines) < 2 or not all(l.startswith('  ') for l in lines[1:]): return None
    body = [l[2:] for l in lines[1:]]
    ans = max((i for i, l in enumerate(body) if l.startswith('Answer:')), default=len(body))
    md, listed = [], False
    for l in body[:ans]:
        if l.startswith(' '): md.append(('' if listed else '\n') + '- ' + l.strip()); listed = True   # kept lines: a list
        else: md.append(('\n' if listed else '') + l); listed = False
    answer = ' '.join(body[ans:]).removeprefix('Answer:').strip()
    return (f":::{{admonition}} {lines[0]}\n:class: question\n\n" + '\n'.join(md) +
            (f"\n\n**Answer:** {answer}" if answer else '') + "\n:::")

def md_cell(source:str, id:str) -> dict: return dict(id=id, cell_type='markdown', metadata={}, source=source)

_QUARTO_ATTRS = re.compile(r'\)\{target="_blank"[^}]*\}')  # Quarto's link attributes, which `show_doc` writes after its source link
_NO_LINE = re.compile(r'#LNone\)')  # a source link to a line nbdev couldn't find

def markdown_outputs(cell:dict) -> dict:
    "`cell`'s markdown outputs for Sphinx: thematic breaks (`---`, which `show_doc` starts with) as HTML `<hr>`, no Quarto attributes"
    # docutils allows a thematic break only between sections, and an output is inside a cell
    for o in cell.get('outputs', []):
        if isinstance(md := o.get('data', {}).get('text/markdown'), str):
            md = _NO_LINE.sub(')', _QUARTO_ATTRS.sub(')', md))
            o['data']['text/markdown'] = '\n'.join('<hr>' if l.strip() == '---' and not fenced else l for l, fenced in md_lines(md))
    return cell

def plain(cell:NbCell, **kw) -> dict:
    "`cell` as nbformat JSON, without fastcore's working attributes"
    d = {k: v for k, v in cell.items() if not k.endswith('_') and k in ('id', 'cell_type', 'metadata', 'source', 'outputs',
                                                                        'execution_count', 'attachments')}
    return {**d, **kw}

def add_tags(cell:dict, *tags) -> dict:
    cell['metadata'] = {**cell.get('metadata', {}), 'tags': [*cell.get('metadata', {}).get('tags', []), *tags]}
    return cell

def read(path:Path) -> dict:
    nb = json.loads(path.read_text(encoding='utf-8'))
    nb['cells'] = [NbCell(i, c) for i, c in enumerate(nb['cells'])]
    return nb

def default_exp(nb) -> str|None:
    return next((c.directives['default_exp'] for c in nb['cells'] if c.cell_type == 'code' and 'default_exp' in c.directives), None)

def is_lesson(name:str) -> bool: return name != 'index' and not HELPERS.match(name)

def shown(name:str, cells) -> list:
    "The `cells` of notebook `name` its page shows: not `#| hide`, `#| default_exp`, `#| include: false`, nor a lesson's module docs"
    res, skip = [], None  # skip: the level of the module docs' heading, while in that section
    for c in cells:
        hs = headings(c.source) if c.cell_type == 'markdown' else []
        if skip and any(l <= skip for l, _ in hs): skip = None
        if is_lesson(name) and (lvl := next((l for l, t in hs if t == MODULE_DOCS), None)): skip = lvl
        if skip or LEFT_OUT & set(c.directives) or c.directives.get('include') == 'false': continue
        res.append(c)
    return res

def page_links(name:str) -> str:
    "Markdown for the links under a page's title: its notebook, the repository, the book's chapter"
    return (f"{{.page-links}}\n[`nbs/{name}.ipynb`]({REPO}/blob/main/nbs/{name}.ipynb) in the "
            f"[course's repository]({REPO}) · the book's chapter: [Image Classification]({BOOK})")

def with_links(source:str, name:str) -> str:
    "Markdown `source` with the page's links after its first level-1 heading"
    lines = source.split('\n')
    i = next(i for i, (l, fenced) in enumerate(md_lines(source)) if not fenced and l.startswith('# '))
    return '\n'.join(lines[:i+1] + ['', page_links(name), ''] + lines[i+1:])

def _png_width(o:dict) -> int:
    png = o.get('data', {}).get('image/png')
    return Image.open(io.BytesIO(base64.b64decode(''.join(png)))).width if png else 0

def alt_text(source:str, directives:dict, heading:str) -> str:
    "What the pictures of a code cell show, for their `alt`: see the module docstring"
    if (alt := directives.get('fig-alt')): return alt
    lines = [l.strip() for l in source.split('\n') if l.strip() and not l.startswith('#|')]
    comment = lines[0].lstrip('# ') if lines and lines[0].startswith('#') else ''
    titles = [t for _, t in re.findall(r"""(?:suptitle|set_title|title=)\(?\s*(['"])(.+?)\1""", source)]  # not f-strings
    what = comment or (titles[0] if titles else f"the figure drawn by {lines[0] if lines else 'the cell'}")
    return f"{heading}: {what}" if heading else what

def with_pictures(cell:dict, directives:dict, heading:str) -> dict:
    "Code `cell` with alt text for its pictures, and a link to the full size of a picture wider than the column"
    outs = [o for o in cell.get('outputs', []) if any(k.startswith('image/') for k in o.get('data', {}))]
    if not outs: return cell
    image = dict(alt=alt_text(cell['source'], directives, heading))
    # a width makes Sphinx link a picture to its full size (html_scaled_image_link)
    if max(map(_png_width, outs)) > COLUMN_PX: image.update(width='100%', classes='wide-figure')
    md = cell.setdefault('metadata', {})
    md['mystnb'] = {**md.get('mystnb', {}), 'image': {**image, **md.get('mystnb', {}).get('image', {})}}
    return cell

def page(name:str, nb:dict, targets:dict) -> dict:
    "Notebook `name` as its page: see the module docstring"
    api, dexp, cells, level, heading, linked = HELPERS.match(name), default_exp(nb), [], 1, '', False
    for c in shown(name, nb['cells']):
        d = c.directives
        c.remove_directives()
        if c.cell_type == 'markdown':
            hs = headings(c.source)
            if hs: level, heading = hs[-1]
            src = linkify(c.source, targets)
            if not linked and any(l == 1 for l, _ in hs): src, linked = with_links(src, name), True
            cells.append(plain(c, source=src))
            continue
        if c.cell_type != 'code':
            cells.append(plain(c)); continue
        if not c.source.strip() and not c.get('outputs'): continue
        if c.source.strip() and _ASK.fullmatch(c.source.strip()) and (q := question(c)):
            cells.append(md_cell(q, f"{c.id}-question")); continue
        out = with_pictures(markdown_outputs(plain(c)), d, heading)
        if d.get('echo') == 'false': add_tags(out, 'remove-input')
        if d.get('output') == 'false': add_tags(out, 'remove-output')
        if d.get('code-fold') in ('true', 'show'): add_tags(out, 'hide-input')
        if api and EXPORTS & set(d):
            mod = (d.get('export') or d.get('exports') or d.get('exporti') or dexp or '').split()
            names = shown_names(c) if mod and 'exporti' not in d else []
            if names:  # the cards stand for the code, which folds under them; other exported code (imports, constants) is shown
                module = package_module(f"{LIB}.{mod[0]}", name)
                cells.append(md_cell('\n\n'.join(card(n, module, min(level + 1, 6)) for n in names), f"{c.id}-doc"))
                add_tags(out, 'hide-input')
        cells.append(out)
    return {**{k: v for k, v in nb.items() if k != 'cells'}, 'cells': cells}

def title(nb:dict) -> str:
    "The notebook's first level-1 heading"
    return next(t for c in nb['cells'] if c.cell_type == 'markdown' for l, t in headings(c.source) if l == 1)

def toc(notebooks:dict) -> str:
    "The site's table of contents, for the landing page: hidden, since the sidebar shows it. Lessons are numbered: `01 · Title`"
    block = lambda caption, entries: f"```{{toctree}}\n:hidden:\n:caption: {caption}\n\n" + '\n'.join(entries) + "\n```"
    lessons = [f"{n.split('_')[0]} · {title(nb)} <{n}>" for n, nb in notebooks.items() if is_lesson(n)]
    helpers = [n for n in notebooks if HELPERS.match(n) and n not in INTERNALS]
    return block('Lessons', lessons) + '\n\n' + block('The package (helper notebooks)', helpers + ['internals'])

def internals_page(names) -> dict:
    "A page for the quiz's internals, whose toctree the sidebar shows collapsed under it"
    md = ("# Package internals\n\nHow the quiz checks a learner's answers, and its questions: the package's machinery, "
          "not part of the lessons, and left out of the site's search.\n\n```{toctree}\n" + '\n'.join(names) + "\n```")
    return dict(cells=[md_cell(md, 'internals')], metadata=dict(nosearch=True), nbformat=4, nbformat_minor=5)

def main(nbs='nbs', out='_build/docs-src'):
    nbs, out = Path(nbs), Path(out)
    notebooks = {p.stem: read(p) for p in sorted(nbs.glob('*.ipynb')) if p.stem not in NOT_ON_SITE}
    if 'index' not in notebooks: sys.exit(f"docs: no {nbs}/index.ipynb for the landing page")
    pages = [n for n in notebooks if n != 'index']
    # the targets of backticked names: each notebook, each module, and each card (name -> its label)
    targets = {n: f"{n}.ipynb" for n in pages}
    for n, nb in notebooks.items():
        if (dexp := default_exp(nb)): targets[f"{LIB}.{dexp}"] = f"{n}.ipynb"
        if not HELPERS.match(n) or not dexp: continue
        for c in nb['cells']:
            d = c.directives
            if c.cell_type == 'code' and EXPORTS & set(d) and 'exporti' not in d and not LEFT_OUT & set(d):
                mod = (d.get('export') or d.get('exports') or dexp).split()[0]
                for nm in shown_names(c): targets.setdefault(nm, f"#{label(f'{LIB}.{mod}', nm)}")
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    with warnings.catch_warnings():  # fastai's import warns about PyTorch deprecations: not the site's business
        warnings.simplefilter('ignore')
        for n, nb in notebooks.items():
            res = page(n, nb, targets)
            if n == 'index': res['cells'].append(md_cell(toc(notebooks), 'site-toc'))
            if n in INTERNALS: res['metadata'] = {**res.get('metadata', {}), 'nosearch': True}
            (out / f"{n}.ipynb").write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding='utf-8')
    (out / 'internals.ipynb').write_text(json.dumps(internals_page(INTERNALS), indent=1), encoding='utf-8')
    print(f"docs: {len(notebooks)} notebooks ready in {out}")

if __name__ == '__main__': main(*sys.argv[1:])
