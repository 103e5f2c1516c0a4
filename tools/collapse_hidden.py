"""Collapse, in JupyterLab, every cell flagged `#| hide`: what the website leaves out, a learner doesn't see expanded.

nbdev leaves `#| hide` cells out of the documentation; JupyterLab shows them like any other cell. This script sets
`"jupyter": {"source_hidden": true}` on each such code cell (JupyterLab then shows a thin bar you can click to expand),
and removes it from any other cell. It changes the notebooks in place; `make check` runs it and fails when a committed
notebook changes. Run from the repository's root: `python tools/collapse_hidden.py [notebooks...]` (default: nbs/*.ipynb).
"""
import json, re, sys
from pathlib import Path

HIDE = re.compile(r'^#\|\s*hide\s*$', re.M)

def collapse(path) -> bool:
    "Collapse the `#| hide` code cells of the notebook at `path` and expand the others; did anything change?"
    text = Path(path).read_text()
    nb = json.loads(text)
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        md = c.setdefault('metadata', {})
        jup = md.get('jupyter', {})
        if HIDE.search(''.join(c['source'])): jup['source_hidden'] = True
        else: jup.pop('source_hidden', None)
        if jup: md['jupyter'] = jup
        else: md.pop('jupyter', None)
    new = json.dumps(nb, indent=1, ensure_ascii=False) + '\n'
    if new != text: Path(path).write_text(new)
    return new != text

if __name__ == '__main__':
    for p in sys.argv[1:] or sorted(Path('nbs').glob('*.ipynb')):
        if collapse(p): print(f'collapsed the #| hide cells of {p}')
