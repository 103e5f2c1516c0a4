"""Rebuild the course's 296-image sample from the full Oxford-IIIT Pet dataset, for CI machines that have internet.

Usage: python tools/make_sample.py DEST  (DEST must not be inside the repository)
"""
import shutil, sys
from pathlib import Path
from fastai.data.external import URLs, untar_data

def make_sample(dest:Path, names:list) -> Path:
    "Copy the files in `names` from the full dataset into `dest`"
    src = untar_data(URLs.PETS)/'images'
    dest.mkdir(parents=True, exist_ok=True)
    for name in names: shutil.copy2(src/name, dest/name)
    return dest

if __name__ == '__main__':
    names = (Path(__file__).parent/'sample_files.txt').read_text().split()
    print(f'{len(names)} images in', make_sample(Path(sys.argv[1]), names))
