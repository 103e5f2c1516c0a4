"""How the CPU quick preset was chosen: validation error and time of `fine_tune` for candidate image sizes and models.

Run on the machine you want to size the preset for, with nothing else running (two PyTorch processes sharing two cores
each run several times slower):

    PET_COURSE_DATA=../shared/data/oxford-iiit-pet-sample/images python bench/cpu_preset.py

For each candidate (model, image size / presize, schedule), at the preset's batch size (16), on the lessons' split
(seed 42): the validation error after `fine_tune` from several training starts (seeds 42, 1 and 2 by default: the new
head's random weights, the shuffling and the augmentations; 42 is the start the lessons use), and the seconds `fine_tune`
took. The spread between starts is how much one run's error can be trusted; one validation image is 1/59 = 0.017 of the
error rate. The last table gives each candidate's mean error, its range, its mean seconds, and the validation images it
gets right against the first candidate asked for, in all and per extra 10 s, which is what the preset is chosen from.

The sizes and models were compared first, at the schedule the preset had then, `fine_tune(3, 5e-3)`; then two changes of
schedule for the size chosen (one more epoch, a higher rate). Each candidate names its whole schedule, so that a later
change of the preset doesn't change what a candidate measures.
"""
import argparse, time, warnings
import torch
from fastai.vision.all import *
from pet_course.config import get_config
from pet_course.data import course_dataloaders
from pet_course.models import pretrained_learner, same_random_start
from pet_course.measure import measure_training

warnings.filterwarnings('ignore')

FT3 = dict(epochs=3, lr=5e-3)  # fine_tune(3, 5e-3): the quick preset's schedule when the sizes and models were compared

CANDIDATES = {  # name: settings over the CPU quick preset
    'Lite0 160/192': dict(arch='efficientnet_lite0', size=160, presize=192, **FT3),
    'Lite0 192/224': dict(arch='efficientnet_lite0', size=192, presize=224, **FT3),
    'Lite0 224/256': dict(arch='efficientnet_lite0', size=224, presize=256, **FT3),
    'Lite0 224/320': dict(arch='efficientnet_lite0', size=224, presize=320, **FT3),
    'Lite1 224/256': dict(arch='efficientnet_lite1', size=224, presize=256, **FT3),
    'Lite2 224/256': dict(arch='efficientnet_lite2', size=224, presize=256, **FT3),
    'Lite0 224/256, 4 epochs': dict(arch='efficientnet_lite0', size=224, presize=256, epochs=4, lr=5e-3),
    'Lite0 224/256, lr 1e-2': dict(arch='efficientnet_lite0', size=224, presize=256, epochs=3, lr=1e-2),
}

def step_seconds(cfg) -> dict:
    "Median, fastest and slowest seconds of 5 training steps of the whole (unfrozen) model, after a warm-up: less sensitive to a busy machine than a whole `fine_tune`"
    learn = pretrained_learner(course_dataloaders(cfg), cfg.arch)
    learn.unfreeze()
    r = measure_training(learn, n=5)
    return {'s/step': r['s/batch'], 'fastest': r['min s'], 'slowest': r['max s']}

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
    p.add_argument('--candidates', nargs='+', default=list(CANDIDATES), help=f'names from {list(CANDIDATES)}')
    p.add_argument('--steps-only', action='store_true', help='only the seconds per training step, no fine_tune')
    args = p.parse_args()
    base = get_config('quick', verbose=False, device='cpu')
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch size {base.bs}; each candidate's schedule is in its CANDIDATES entry")
    models = {}  # a training step's time depends on the model and image size, not on the schedule: measure each once
    for name in args.candidates:
        model = tuple(CANDIDATES[name].get(k) for k in ('arch', 'size', 'presize'))
        if model not in models: models[model] = step_seconds(get_config('quick', verbose=False, device='cpu', **CANDIDATES[name]))
    steps = pd.DataFrame({name: models[tuple(CANDIDATES[name].get(k) for k in ('arch', 'size', 'presize'))] for name in args.candidates}).T
    print('seconds per training step of the unfrozen model (median of 5 after a warm-up):')
    print(steps.round(3).to_string(), '\n', flush=True)
    if args.steps_only: raise SystemExit
    res = {}
    for name in args.candidates:
        cfg = get_config('quick', verbose=False, device='cpu', **CANDIDATES[name])
        for seed in args.seeds:
            errs, secs = fine_tune_run(cfg, seed)
            res[(name, seed)] = {'error': errs[-1], 'fine_tune s': secs}
            print(f"{name}, start {seed}: error after each unfrozen epoch", ', '.join(f'{e:.3f}' for e in errs), f'| {secs:.0f} s', flush=True)
    res = pd.DataFrame(res).T.rename_axis(['candidate', 'start'])
    summary = res.groupby(level=0, sort=False).agg(['mean', 'min', 'max'])
    first = summary.index[0]
    gain = (summary.loc[first, ('error', 'mean')] - summary[('error', 'mean')]) * 59  # validation images
    extra = summary[('fine_tune s', 'mean')] - summary.loc[first, ('fine_tune s', 'mean')]
    summary[('images right', f'more than {first}')] = gain
    summary[('images right', 'per extra 10 s')] = (10 * gain / extra).where(extra > 0)
    print('\n' + summary.round(3).to_string())
