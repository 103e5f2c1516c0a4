"""Print the commands of the README's Start that CI runs as written: `python tools/readme_start.py install data`.

Every fenced `sh` block under README.md's `## Start` heading comes right after a comment that says what CI does with it,
invisible where the Markdown is rendered (JupyterLab, GitHub, the website):

    <!-- ci: install -->     the virtual environment and the install
    <!-- ci: data -->        PET_COURSE_DATA
    <!-- ci: test -->        the test command
    <!-- ci: skip (why) -->  not run by CI: the clone (CI is in one), `jupyter lab`, an alternative

The arguments name the blocks to print (`install`, `data`, `test`), each block's lines as they stand, in the README's
order, for `.ci/run` to `eval` in its own shell (so `source .venv/bin/activate` and `export` last). It fails, so CI
fails, when there is no Start section, when a block has no such comment or an unknown one, when a block asked for is
missing, or when a block CI runs would open JupyterLab. `--readme PATH` reads another file.
"""
import argparse, re, sys
from pathlib import Path

KINDS = ('install', 'data', 'test', 'skip')
_MARK = re.compile(r'^<!--\s*ci:\s*(\w+)\b.*-->\s*$')
_FENCE = re.compile(r'^(```|~~~)\s*(\S*)')

def start_section(text:str) -> list:
    "The lines of the `## Start` section of `text`, up to the next heading of level 2 or 1"
    lines, out, inside, fenced = text.splitlines(), [], False, False
    for line in lines:
        if _FENCE.match(line): fenced = not fenced
        if not fenced and re.match(r'^#{1,2} ', line):
            if inside: break
            inside = line.strip() == '## Start'
            continue
        if inside: out.append(line)
    if not inside: raise ValueError("no '## Start' section")
    return out

def blocks(text:str) -> list:
    "(kind, commands) for each fenced block of the Start section, `kind` from the `<!-- ci: ... -->` comment before it"
    res, mark, cur, lines = [], None, None, start_section(text)
    for i, line in enumerate(lines):
        if cur is not None:
            if _FENCE.match(line): res.append(cur); cur = None
            else: cur[1].append(line)
        elif (m := _FENCE.match(line)):
            if m.group(2) not in ('sh', 'bash', 'shell'): raise ValueError(f"Start: a ```{m.group(2)} block; the Start's blocks are ```sh")
            if mark is None: raise ValueError(f"Start: the block at '{lines[i+1] if i+1 < len(lines) else ''}' has no <!-- ci: ... --> comment before it")
            cur, mark = (mark, []), None
        elif (m := _MARK.match(line.strip())):
            if m.group(1) not in KINDS: raise ValueError(f"Start: unknown <!-- ci: {m.group(1)} -->; known: {', '.join(KINDS)}")
            mark = m.group(1)
        elif line.strip() and mark is not None: raise ValueError(f"Start: <!-- ci: {mark} --> is not right before a block")
    if cur is not None: raise ValueError("Start: a block is not closed")
    return res

def commands(text:str, kinds) -> str:
    "The lines of the Start's blocks of `kinds`, in order, as a shell script"
    found = blocks(text)
    for k in kinds:
        if k not in KINDS[:-1]: raise ValueError(f"no such block kind {k!r}: {', '.join(KINDS[:-1])}")
        if not any(kind == k and any(l.strip() for l in cmds) for kind, cmds in found): raise ValueError(f"Start: no <!-- ci: {k} --> block")
    out = [l for kind, cmds in found if kind in kinds for l in cmds]
    if (lab := [l for l in out if re.match(r'\s*jupyter[ -]lab\b', l)]):
        raise ValueError(f"Start: CI would run {lab[0].strip()!r}: mark its block <!-- ci: skip (why) -->")
    return '\n'.join(out) + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('kinds', nargs='+', choices=KINDS[:-1], help='the blocks to print, in the README\'s order')
    p.add_argument('--readme', default=Path(__file__).resolve().parent.parent/'README.md', type=Path)
    a = p.parse_args()
    try: sys.stdout.write(commands(a.readme.read_text(encoding='utf-8'), a.kinds))
    except (OSError, ValueError) as e: sys.exit(f"{a.readme}: {e}")

if __name__ == '__main__': main()
