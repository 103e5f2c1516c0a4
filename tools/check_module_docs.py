"""Check that `help(pet_course.<module>)` teaches each public module: more than its summary line, and examples that run.

`nbdev-export` writes each module's docstring from its notebook: the title's `>` summary, then the markdown cells flagged
`#| export` and the code cells flagged `#| exportd`, which become fenced python examples. For every public module (each
`pet_course/*.py` whose name doesn't start with `_`), this script checks that the docstring has more than one non-empty
paragraph (a final `Docs:` link doesn't count), and runs every fenced python example in it, in order, in a fresh namespace
that starts with `from pet_course.<module> import *`. It prints one line per module and exits non-zero if any fails.
The modules in `PENDING` get their docstrings later: they are checked the same way, reported as pending, and never fail.
Run from the repository's root: `python tools/check_module_docs.py [--modules config data ...]`; `make check` runs it.
"""
import argparse, contextlib, importlib, importlib.util, io, re, sys, traceback, warnings
from pathlib import Path

PKG = 'pet_course'
PENDING = []  # lessons
_FENCE = re.compile(r'^```[ \t]*(\S*)[ \t]*$')
_PYTHON = {'python', 'py', 'python3'}

def public_modules() -> list:
    "Names of the package's public modules: its `*.py` files that don't start with `_`"
    spec = importlib.util.find_spec(PKG)
    if spec is None: sys.exit(f"can't find the {PKG} package: install it (pip install -e .) or run from the repository's root")
    return sorted(p.stem for d in spec.submodule_search_locations for p in Path(d).glob('*.py') if not p.name.startswith('_'))

def paragraphs(doc:str) -> list:
    "The non-empty paragraphs of `doc` (a fenced block counts as one), without a final `Docs:` link"
    paras, cur, fenced = [], [], False
    for line in doc.splitlines():
        if _FENCE.match(line.strip()): fenced = not fenced
        if not line.strip() and not fenced:
            if cur: paras.append('\n'.join(cur)); cur = []
        else: cur.append(line)
    if cur: paras.append('\n'.join(cur))
    if paras and paras[-1].startswith('Docs:'): paras.pop()
    return paras

def examples(doc:str) -> list:
    "(first line number in `doc`, source) of each fenced python block in `doc`"
    found, lines, start = [], doc.splitlines(), None
    for i, line in enumerate(lines):
        m = _FENCE.match(line.strip())
        if not m: continue
        if start is None: start, lang = i + 1, m.group(1).lower()
        else:
            if lang in _PYTHON: found.append((start + 1, '\n'.join(lines[start:i])))
            start = None
    return found

def _where(exc, fname:str, src:str) -> str:
    "The line of `src` (compiled as `fname`) where `exc` was raised"
    line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == fname), None)
    if line is None and isinstance(exc, SyntaxError) and exc.filename == fname: line = exc.lineno
    return f" at line {line}: {src.splitlines()[line-1].strip()}" if line else ''

def check(name:str) -> str|None:
    "None if module `name` is documented and its examples pass, else why not"
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), warnings.catch_warnings():
            warnings.simplefilter('ignore')  # what a module or an example warns is not what this checks
            mod = importlib.import_module(f'{PKG}.{name}')
    except Exception as e: return f"can't be imported: {type(e).__name__}: {e}"
    doc = mod.__doc__ or ''
    n = len(paragraphs(doc))
    if n < 2: return 'its docstring is only its summary line' if n else 'it has no docstring'
    ns = {'__name__': f'{PKG}_docs_{name}'}
    exec(f'from {PKG}.{name} import *', ns)
    for i, (line, src) in enumerate(examples(doc), 1):
        fname = f'<{PKG}.{name} example {i}>'
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), warnings.catch_warnings():
                warnings.simplefilter('ignore')
                exec(compile(src, fname, 'exec'), ns)
        except (Exception, SystemExit) as e:
            msg = str(e).strip().splitlines()
            return (f"example {i} (docstring line {line}) failed{_where(e, fname, src)}: {type(e).__name__}"
                    + (f": {msg[0]}" if msg else ''))
    return None

def summary(name:str) -> str:
    "What a passing module's line says: how many paragraphs and examples"
    doc = sys.modules[f'{PKG}.{name}'].__doc__
    n, k = len(paragraphs(doc)), len(examples(doc))
    return f"{n} paragraphs, {k} example{'s' * (k != 1)} run"

def main(argv=None) -> int:
    all_mods = public_modules()
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--modules', nargs='+', metavar='NAME', help=f"check only these modules (e.g. config or {PKG}.config)")
    args = p.parse_args(argv)
    mods = all_mods if not args.modules else [m.removeprefix(f'{PKG}.') for m in args.modules]
    unknown = [m for m in mods if m not in all_mods]
    if unknown: p.error(f"not a public module of {PKG}: {', '.join(unknown)} (they are: {', '.join(all_mods)})")
    width, failed = max(map(len, mods)) + len(PKG) + 1, []
    for m in mods:
        why = check(m)
        name = f'{PKG}.{m}'.ljust(width)
        if m in PENDING:
            print(f"pending {name}  " + (why if why else f"passes ({summary(m)}): it can leave PENDING"))
        elif why: print(f"FAIL    {name}  {why}"); failed.append(m)
        else: print(f"ok      {name}  {summary(m)}")
    if failed:
        print(f"{len(failed)} module(s) not documented as help() needs: {', '.join(failed)}. The docstring comes from the "
              "notebook: tag its overview `#| export` (markdown) and a demo `#| exportd` (code), then run nbdev-export.")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
