"""How the CPU quick preset was chosen: validation error and time of `fine_tune` for candidate settings.

Run on the machine you want to size the preset for, with nothing else running:

    PET_COURSE_DATA=../shared/data/oxford-iiit-pet-sample/images python bench/cpu_preset.py

It prints two tables:
1. seconds per training step of the course's learner (EfficientNet-Lite0, batch of 32) at a few sizes, with the
   activations in the default (NCHW) memory format and channels-last, the format `pretrained_learner` uses on a CPU;
2. for the old preset (192 px, fastai's default rate 2e-3) and the course's quick preset as `get_config` gives it on a
   CPU (160 px, rate 5e-3): the validation error
   after `fine_tune(3)` with three seeds (each seed is another train/validation split of the 296 images, so the spread
   between seeds is the noise of a 59-image validation set) and the seconds the whole `fine_tune` took.
"""
import argparse, time, warnings
import torch
from fastai.vision.all import *
from pet_course.config import get_config
from pet_course.data import course_dataloaders
from pet_course.models import pretrained_learner

warnings.filterwarnings('ignore')

def step_seconds(cfg, channels_last:bool, n:int=3) -> float:
    "Mean seconds of `n` training steps (forward, backward, optimizer) on one batch, after one warm-up step"
    dls = course_dataloaders(cfg)
    model = pretrained_learner(dls, cfg.arch).model.train()
    model.to(memory_format=torch.channels_last if channels_last else torch.contiguous_format)
    x, y = (t.as_subclass(torch.Tensor) for t in dls.one_batch())
    opt = torch.optim.AdamW(model.parameters())
    times = []
    for i in range(n+1):
        start = time.perf_counter()
        F.cross_entropy(model(x), y).backward()
        opt.step(); opt.zero_grad()
        times.append(time.perf_counter() - start)
    return sum(times[1:]) / n

def fine_tune_run(cfg) -> tuple:
    "(validation error, seconds) of `fine_tune(cfg.epochs, cfg.lr)` from the course's pretrained learner"
    dls = course_dataloaders(cfg)
    set_seed(cfg.seed, reproducible=True)
    learn = pretrained_learner(dls, cfg.arch)
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): learn.fine_tune(cfg.epochs, cfg.lr)
    return float(learn.recorder.values[-1][-1]), time.perf_counter() - start

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[42, 1, 2])
    args = p.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    rows = {}
    for size in (128, 160, 192):
        cfg = get_config('quick', verbose=False, size=size, presize=size+32, device='cpu')
        rows[f'{size} px'] = {'NCHW s/step': step_seconds(cfg, False), 'channels-last s/step': step_seconds(cfg, True)}
    df = pd.DataFrame(rows).T
    df['speed-up'] = df['NCHW s/step'] / df['channels-last s/step']
    print(df.round(2).to_string(), '\n')
    cur = get_config('quick', verbose=False, device='cpu')
    presets = {'old: 192 px, lr 2e-3': dict(size=192, presize=224, lr=2e-3),
               f'quick: {cur.size} px, lr {cur.lr:g}': dict(size=cur.size, presize=cur.presize, lr=cur.lr)}
    res = {}
    for name, kw in presets.items():
        for seed in args.seeds:
            err, secs = fine_tune_run(get_config('quick', verbose=False, device='cpu', epochs=3, bs=32, seed=seed, **kw))
            res[(name, seed)] = {'error': err, 'fine_tune s': secs}
            print(name, 'seed', seed, f'error {err:.3f}', f'{secs:.0f} s', flush=True)
    res = pd.DataFrame(res).T.rename_axis(['preset', 'seed'])
    print(res.round(3).to_string(), '\n')
    print(res.groupby(level=0).mean().round(3).to_string())
