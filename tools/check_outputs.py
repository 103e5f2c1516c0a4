"""Fail when a compared output (a code cell's stored output that nbval checks) holds text that depends on the machine.

nbval compares the outputs kept in the notebooks with a fresh run's. On a GPU machine (`make test-gpu`) or another CPU,
text such as PyTorch's warnings about a missing GPU, or the name and threads of this CPU, would differ, so a cell that
prints it must carry the `nbval-ignore-output` tag (or not print it). Run from the repository's root:
`python tools/check_outputs.py [notebooks...]` (default: nbs/*.ipynb); `make check` runs it.
"""
import json, re, sys
from pathlib import Path

MACHINE_TEXT = {  # pattern: why it depends on the machine
    r'CUDA is not available|GradScaler is enabled, but CUDA|torch_xla': 'a warning given only without a GPU',
    r'\bCPU, \d+ threads?\b': "a CPU's name and thread count (`device_name`)",
    r'site-packages|/work/|/tmp/|/home/|/root/': 'a path on this machine (a warning naming a file, a cache folder)',
    r'bfloat16 (instructions|natively)|computes bfloat16 natively|emulates bfloat16': 'what this CPU does with bfloat16',
    r'class="fastprogress"|<progress ': "fastai's training table or progress bar (its times, and on a GPU its numbers)",
}
SKIP_TAGS = {'nbval-ignore-output', 'nbval-skip'}

def output_text(out:dict) -> str:
    "The text nbval compares in one output"
    if 'text' in out: return ''.join(out['text'])
    return ''.join(''.join(v) for k, v in out.get('data', {}).items() if k.startswith('text/'))

def problems(path) -> list:
    "(cell number, why) for each compared output in the notebook at `path` that depends on the machine"
    cells = json.loads(Path(path).read_text())['cells']
    found = []
    for i, c in enumerate(cells):
        if c['cell_type'] != 'code' or SKIP_TAGS & set(c.get('metadata', {}).get('tags', [])): continue
        text = '\n'.join(output_text(o) for o in c.get('outputs', []))
        found += [(i, why) for pat, why in MACHINE_TEXT.items() if re.search(pat, text)]
    return found

if __name__ == '__main__':
    paths = sys.argv[1:] or sorted(Path('nbs').glob('*.ipynb'))
    bad = [(p, i, why) for p in paths for i, why in problems(p)]
    for p, i, why in bad: print(f"{p}: cell {i} stores {why} in an output nbval compares: tag it nbval-ignore-output, or don't print it")
    sys.exit(1 if bad else 0)
