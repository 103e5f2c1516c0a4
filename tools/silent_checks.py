"""How many of a lesson's code cells a learner sees expanded are silent checks, per lesson (issue: at most one in ten).

A silent check is a code cell before the questionnaire that checks something (an `assert`, or a call to fastcore's
`test`, `test_eq`, `test_close`, `test_fail`, ...), shows no output and defines no function or class. A cell a learner
doesn't see expanded is not counted: one collapsed in JupyterLab (`"jupyter": {"source_hidden": true}` in its metadata).
Run from the repository's root: `python tools/silent_checks.py [notebooks...]` (default: the lessons, nbs/0[1-6]*.ipynb).
With `--max 0.1` it exits with an error when a lesson is over that share.
"""
import argparse, ast, json, re
from pathlib import Path

def _is_check(node) -> bool:
    "Is the statement `node` an assert or a call of a function whose name starts with 'test'?"
    if isinstance(node, ast.Assert): return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        f = node.value.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ''
        return name.startswith('test')
    return False

def cell_kind(cell:dict) -> str:
    "'silent check', 'collapsed check' or 'other' for a code cell"
    src = ''.join(cell['source'])
    code = '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#|', '%', '!')))
    try: tree = ast.parse(code)
    except SyntaxError: return 'other'
    nodes = list(ast.walk(tree))
    if re.search(r'^#\|\s*export\s*$', src, re.M) or any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in nodes): return 'other'
    if cell.get('outputs') or not any(_is_check(n) for n in nodes): return 'other'
    hidden = cell.get('metadata', {}).get('jupyter', {}).get('source_hidden', False)
    return 'collapsed check' if hidden else 'silent check'

def lesson_counts(path) -> dict:
    "Code cells before the questionnaire, silent checks a learner sees expanded, and collapsed checks"
    cells = json.loads(Path(path).read_text())['cells']
    end = next((i for i, c in enumerate(cells) if c['cell_type'] == 'markdown' and ''.join(c['source']).startswith('## Questionnaire')), len(cells))
    kinds = [cell_kind(c) for c in cells[:end] if c['cell_type'] == 'code']
    return {'code cells': len(kinds), 'silent checks seen': kinds.count('silent check'), 'collapsed checks': kinds.count('collapsed check')}

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*')
    p.add_argument('--max', type=float, default=None, help='fail when a lesson has a larger share of silent checks seen')
    args = p.parse_args()
    paths = args.notebooks or sorted(Path('nbs').glob('0[1-6]*.ipynb'))
    over = []
    print(f"{'lesson':<36}{'code cells':>11}{'silent checks seen':>20}{'share':>7}{'collapsed':>11}")
    for path in paths:
        c = lesson_counts(path)
        visible = c['code cells'] - c['collapsed checks']
        share = c['silent checks seen'] / max(visible, 1)
        print(f"{Path(path).stem:<36}{c['code cells']:>11}{c['silent checks seen']:>20}{share:>7.0%}{c['collapsed checks']:>11}")
        if args.max is not None and share > args.max: over.append(Path(path).stem)
    if over: raise SystemExit(f"over {args.max:.0%} silent checks: {', '.join(over)}")
