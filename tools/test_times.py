"""Seconds per notebook for each test runner, as a table.

`make test` writes what this reads into `.test-times/`: pytest's JUnit XML (nbval: one test per cell, with its time)
and nbdev-test's `--timing` lines (`name.ipynb: N secs`). Run it yourself with `python tools/test_times.py [folder]`.
"""
import re, sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

def nbval_times(xml_path) -> dict:
    "{notebook: seconds} summed over the cells nbval ran, from pytest's JUnit XML"
    times = defaultdict(float)
    for case in ET.parse(xml_path).iter('testcase'):
        nb = re.search(r'([\w-]+\.ipynb)', case.get('classname', '') + ' ' + case.get('file', '') + ' ' + case.get('name', ''))
        if nb: times[nb.group(1)] += float(case.get('time', 0))
    return dict(times)

def nbdev_times(log_path) -> dict:
    "{notebook: seconds} from the lines `nbdev-test --timing` prints"
    return {m.group(1): float(m.group(2)) for m in re.finditer(r'^([\w.-]+\.ipynb): (\d+) secs$', Path(log_path).read_text(), re.M)}

def table(runs:dict) -> str:
    "A text table: one row per notebook, one column per runner, and the totals"
    nbs = sorted({nb for t in runs.values() for nb in t})
    w = max([len('notebook'), len('total')] + [len(n) for n in nbs])
    lines = [f"{'notebook':<{w}}" + ''.join(f'{r:>16}' for r in runs)]
    for nb in nbs: lines.append(f'{nb:<{w}}' + ''.join(f"{t[nb]:>16.0f}" if nb in t else f"{'-':>16}" for t in runs.values()))
    lines.append(f"{'total':<{w}}" + ''.join(f'{sum(t.values()):>16.0f}' for t in runs.values()))
    return '\n'.join(lines)

if __name__ == '__main__':
    d = Path(sys.argv[1] if len(sys.argv) > 1 else '.test-times')
    runs = {}
    if (d/'nbval.xml').exists(): runs['nbval (s)'] = nbval_times(d/'nbval.xml')
    if (d/'nbdev-test.txt').exists(): runs['nbdev-test (s)'] = nbdev_times(d/'nbdev-test.txt')
    if (d/'gpu-shape.txt').exists(): runs['GPU-shaped (s)'] = nbdev_times(d/'gpu-shape.txt')
    if not runs: sys.exit(f'no timings in {d}: run `make test` first')
    print(f'seconds per notebook (nbval: the cells of that notebook; nbdev-test: its run, two notebooks at a time; '
          f'GPU-shaped: nbdev-test with the GPU preset\'s batch size and epochs)')
    print(table(runs))
