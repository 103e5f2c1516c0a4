"""How the CPU quick preset was chosen: validation error and time of `fine_tune` for candidate settings.

Run on the machine you want to size the preset for, with nothing else running:

    PET_COURSE_DATA=../shared/data/oxford-iiit-pet-sample/images python bench/cpu_preset.py

It prints two tables:
1. seconds per training step of the course's learner (EfficientNet-Lite0, the preset's batch size) at a few sizes, with the
   activations in the default (NCHW) memory format and channels-last, the format `pretrained_learner` uses on a CPU;
2. for the batch size the preset had before (32) and the course's quick preset as `get_config` gives it on a CPU
   (160 px, batch size 16, rate 5e-3): the validation error after each epoch of `fine_tune(3)` on the lessons' split
   (seed 42), from three training starts (seeds 42, 1 and 2: the new head's random weights, the shuffling and the
   augmentations; 42 is the start the lessons use), and the seconds the whole `fine_tune` took. The spread between
   starts is how much one run's error can be trusted.
"""
import argparse, time, warnings
import torch
from fastai.vision.all import *
from pet_course.config import get_config
from pet_course.data import course_dataloaders
from pet_course.models import pretrained_learner, same_random_start

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

def fine_tune_run(cfg, seed:int) -> tuple:
    "(validation error after each epoch, seconds) of `fine_tune(cfg.epochs, cfg.lr)` on the lessons' split, from training start `seed`"
    dls = course_dataloaders(cfg)
    set_seed(seed, reproducible=True)  # the new head's random weights
    learn = pretrained_learner(dls, cfg.arch)
    same_random_start(learn, seed)
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): learn.fine_tune(cfg.epochs, cfg.lr)
    return [float(v[-1]) for v in learn.recorder.values], time.perf_counter() - start

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
    presets = {'before: bs 32': dict(bs=32), f'quick: bs {cur.bs}': {}}
    res = {}
    for name, kw in presets.items():
        cfg = get_config('quick', verbose=False, device='cpu', **kw)
        for seed in args.seeds:
            errs, secs = fine_tune_run(cfg, seed)
            res[(name, seed)] = {'error': errs[-1], 'fine_tune s': secs}
            print(f"{name} ({cfg.size} px, lr {cfg.lr:g}, fine_tune({cfg.epochs})), start {seed}: error after each unfrozen epoch",
                  ', '.join(f'{e:.3f}' for e in errs), f'| {secs:.0f} s', flush=True)
    res = pd.DataFrame(res).T.rename_axis(['preset', 'start'])
    print(res.round(3).to_string(), '\n')
    print(res.groupby(level=0, sort=False).agg(['mean', 'min', 'max']).round(3).to_string())
