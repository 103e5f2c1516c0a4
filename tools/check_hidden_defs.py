"""Visible cells that use what only a hidden cell defines, and prose about cells the website doesn't show.

`python tools/check_hidden_defs.py [nbs] [--strict]`. For each lesson notebook (`01_*` to `06a_*`) it takes the cells
its web page shows (tools/docs_notebooks.py's `shown`) and the ones it leaves out (`#| hide`, a lesson's module docs),
and reports
- each name a shown code cell uses that, at that point, was last defined (def, class, assignment, import) by a cell the
  page leaves out, or only by such a cell: a reader of the page can't run or follow that cell;
- each sentence of shown prose that points at cells the page doesn't have ("the collapsed cells below", "further up").
It prints what it finds; with `--strict` it exits 1 if a shown cell uses a hidden definition (`make docs` runs it so). Prose
that points at cells is listed for a person to read: most such sentences point at cells the page does show.
"""
import ast, builtins, importlib, re, sys, warnings
from pathlib import Path
from IPython.core.inputtransformer2 import TransformerManager
sys.path.insert(0, str(Path(__file__).parent))
from docs_notebooks import read, shown, is_lesson, md_lines

LESSON = re.compile(r'^0[1-6]')
KNOWN = set(dir(builtins)) | {'get_ipython', 'display', 'In', 'Out', '_', '__', '___'}
PROSE = re.compile(r'collapsed|hidden cell|cells? (?:below|above|further (?:up|down))|(?:further|higher) up|'
                   r'(?:next|previous|following|last) (?:few )?cells?', re.I)
_star_cache = {}

def star_names(module:str) -> set:
    "The names `from module import *` defines"
    if module not in _star_cache:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore'); m = importlib.import_module(module)
            _star_cache[module] = set(getattr(m, '__all__', None) or [n for n in vars(m) if not n.startswith('_')])
        except Exception: _star_cache[module] = set()
    return _star_cache[module]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

def bindings(n) -> set:
    "The names node `n` itself binds"
    if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load): return {n.id}
    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return {n.name}
    if isinstance(n, ast.arg): return {n.arg}
    if isinstance(n, ast.ExceptHandler) and n.name: return {n.name}
    if isinstance(n, (ast.Global, ast.Nonlocal)): return set(n.names)
    if isinstance(n, (ast.Import, ast.ImportFrom)):
        return set().union(*[star_names(n.module) if a.name == '*' else {(a.asname or a.name).split('.')[0]} for a in n.names])
    return set()

def names(source:str) -> tuple:
    "(names a cell's code defines at the top level, names it reads that it doesn't bind anywhere), magics turned into Python"
    try: tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError: return set(), set()
    top, inner, used = set(), set(), set()
    def walk(n, nested):
        (inner if nested else top).update(bindings(n))
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load): used.add(n.id)
        for ch in ast.iter_child_nodes(n): walk(ch, nested or isinstance(n, _SCOPES))  # what a def, lambda or comprehension binds is its own
    walk(tree, False)
    return top, used - top - inner

def check(path:Path) -> list:
    "Findings for lesson notebook `path`, one line each"
    nb, name = read(path), path.stem
    visible = {id(c) for c in shown(name, nb['cells'])}
    where, seen, found = {}, set(), []   # where: name -> is the cell that last defined it shown; seen: names a shown cell defined
    left_out = set().union(*[names(c.source)[0] for c in nb['cells'] if c.cell_type == 'code' and id(c) not in visible])
    for c in nb['cells']:
        is_shown = id(c) in visible
        if c.cell_type == 'markdown' and is_shown:
            for line, fenced in md_lines(c.source):
                if not fenced and (m := PROSE.search(line)):
                    found.append(f"{name} cell {c.id}: prose refers to cells: “…{line[max(0, m.start()-60):m.end()+60].strip()}…”")
        if c.cell_type != 'code': continue
        bound, used = names(c.source)
        if is_shown:
            hidden = [n for n in sorted(used - KNOWN) if where.get(n) is False or (n not in where and n in left_out)]
            if only := [n for n in hidden if n not in seen]:
                found.append(f"{name} cell {c.id}: uses {', '.join(only)}, defined only in a cell the page leaves out")
            if rebound := [n for n in hidden if n in seen]:
                found.append(f"{name} cell {c.id}: uses {', '.join(rebound)}, last redefined by a cell the page leaves out")
        for n in bound: where[n] = is_shown
        if is_shown: seen |= bound
    return found

def main(nbs='nbs', *flags):
    found = [f for p in sorted(Path(nbs).glob('*.ipynb')) if LESSON.match(p.stem) and is_lesson(p.stem) for f in check(p)]
    uses = [f for f in found if ': prose refers' not in f]
    print(f"hidden definitions: {len(uses) or 'no'} shown cell{'' if len(uses) == 1 else 's'} using one" +
          ('' if '--strict' in flags else ' (reported, not failing: run with --strict to fail)') +
          f"; {len(found) - len(uses)} sentences about cells, to read")
    for f in found: print('  ' + f)
    return 1 if uses and '--strict' in flags else 0

if __name__ == '__main__': sys.exit(main(*sys.argv[1:]))
