"""How the CPU quick preset was chosen: validation error and time of training recipes, over several training starts.

Run on the machine you want to size the preset for, with nothing else running (two PyTorch processes sharing two cores
each run several times slower):

    PET_COURSE_DATA=../shared/data/oxford-iiit-pet-sample/images python bench/cpu_preset.py

For each candidate (model, image size / presize, recipe), at the preset's batch size (16), on the lessons' split (seed 42):
the validation error after training from several training starts (seeds 42, 1 and 2 by default: the new head's random
weights, the shuffling and the augmentations; 42 is the start the lessons use), and the seconds the training took. The
spread between starts is how much one run's error can be trusted; one validation image is 1/59 = 0.017 of the error rate.
The last table gives each candidate's mean error, its range, its mean seconds, and the validation images it gets right
against the first candidate asked for. `--reference` adds a logistic regression on the frozen ImageNet body's features
(`linear_probe`): what the pretrained weights already know, which a fine-tuned model should at least match.

A recipe is what a learner writes: `fit` is called on a fresh `pretrained_learner` (frozen, since it has ImageNet
weights); `bn_freeze` builds it with `train_bn=False, cbs=BnFreeze()`, so that the frozen body's BatchNorm layers keep
ImageNet's running statistics instead of those of batches of 16 pets. Each candidate names its whole recipe, so a later
change of the preset doesn't change what a candidate measures.
"""
import argparse, time, warnings
import torch
from fastai.vision.all import *
from pet_course.config import get_config
from pet_course.data import course_dataloaders
from pet_course.models import pretrained_learner, recipe_learner, same_random_start, linear_probe
from pet_course.measure import measure_training

warnings.filterwarnings('ignore')

def ft(epochs, lr, **kw): return lambda l: l.fine_tune(epochs, lr, **kw)
def one_cycle(epochs, lr): return lambda l: l.fit_one_cycle(epochs, lr)

class BodyBnEval(Callback):
    "Keep every BatchNorm layer of the body (the pretrained part) in eval mode, trainable or not"
    run_after = TrainEvalCallback
    def before_train(self):
        for m in self.model[0].modules():
            if isinstance(m, bn_types): m.eval()

LITE0 = dict(arch='efficientnet_lite0', size=224, presize=256, bs=16)
LITE0_GPU = dict(arch='efficientnet_lite0', size=288, presize=400, bs=32)
CANDIDATES = {  # name: model settings over the CPU quick preset, and the recipe
    # runs 1-4: sizes, models and schedules, all with fastai's default BatchNorm handling
    'Lite0 160/192': dict(arch='efficientnet_lite0', size=160, presize=192, bs=16, fit=ft(3, 5e-3)),
    'Lite0 192/224': dict(arch='efficientnet_lite0', size=192, presize=224, bs=16, fit=ft(3, 5e-3)),
    'Lite0 224/256': dict(**LITE0, fit=ft(3, 5e-3)),
    'Lite0 224/320': dict(arch='efficientnet_lite0', size=224, presize=320, bs=16, fit=ft(3, 5e-3)),
    'Lite1 224/256': dict(arch='efficientnet_lite1', size=224, presize=256, bs=16, fit=ft(3, 5e-3)),
    'Lite2 224/256': dict(arch='efficientnet_lite2', size=224, presize=256, bs=16, fit=ft(3, 5e-3)),
    'Lite0 224/256, 4 epochs': dict(**LITE0, fit=ft(4, 5e-3)),
    'Lite0 224/256, lr 1e-2': dict(**LITE0, fit=ft(3, 1e-2)),
    # run 5: BatchNorm statistics frozen (issue #35)
    'fine_tune(4, 5e-3)': dict(**LITE0, fit=ft(4, 5e-3)),
    'BnFreeze, fit_one_cycle(6, 2e-2)': dict(**LITE0, bn_freeze=True, fit=one_cycle(6, 2e-2)),
    'BnFreeze, fit_one_cycle(9, 2e-2)': dict(**LITE0, bn_freeze=True, fit=one_cycle(9, 2e-2)),
    'BnFreeze, fit_one_cycle(12, 2e-2)': dict(**LITE0, bn_freeze=True, fit=one_cycle(12, 2e-2)),
    'BnFreeze, fine_tune(1, 2e-2, freeze_epochs=6)': dict(**LITE0, bn_freeze=True, fit=ft(1, 2e-2, freeze_epochs=6)),
    'BnFreeze + body BN eval, fine_tune(1, 2e-2, freeze_epochs=6)': dict(**LITE0, bn_freeze=True, body_bn_eval=True,
                                                                           fit=ft(1, 2e-2, freeze_epochs=6)),
    'BnFreeze, fit_one_cycle(9, 1e-2)': dict(**LITE0, bn_freeze=True, fit=one_cycle(9, 1e-2)),
    'BnFreeze, fit_one_cycle(9, 3e-2)': dict(**LITE0, bn_freeze=True, fit=one_cycle(9, 3e-2)),
    # the quick-gpu preset's model, sizes and batches (bs 32: 7 batches an epoch), run on the CPU: the errors a GPU would give
    'GPU: fine_tune(8, 5e-3)': dict(**LITE0_GPU, fit=ft(8, 5e-3)),
    'GPU: BnFreeze, fit_one_cycle(9, 2e-2)': dict(**LITE0_GPU, bn_freeze=True, fit=one_cycle(9, 2e-2)),
    'GPU: BnFreeze, fit_one_cycle(15, 2e-2)': dict(**LITE0_GPU, bn_freeze=True, fit=one_cycle(15, 2e-2)),
}
MODEL_KEYS = ('arch', 'size', 'presize', 'bs')

def step_seconds(cfg) -> dict:
    "Median, fastest and slowest seconds of 5 training steps of the whole (unfrozen) model, after a warm-up"
    learn = pretrained_learner(course_dataloaders(cfg), cfg.arch)
    learn.unfreeze()
    r = measure_training(learn, n=5)
    return {'s/step': r['s/batch'], 'fastest': r['min s'], 'slowest': r['max s']}

def recipe_run(name:str, seed:int) -> tuple:
    "(validation error after each epoch, seconds) of candidate `name` on the lessons' split, from training start `seed`"
    c = CANDIDATES[name]
    cfg = get_config('quick', verbose=False, device='cpu', bn_freeze=c.get('bn_freeze', False), **{k: c[k] for k in MODEL_KEYS})
    dls = course_dataloaders(cfg)
    set_seed(seed)  # the new head's random weights
    learn = recipe_learner(dls, cfg, cbs=[BodyBnEval()] if c.get('body_bn_eval') else None)
    same_random_start(learn, seed)
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): c['fit'](learn)
    return [float(v[-1]) for v in learn.recorder.values], time.perf_counter() - start

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[42, 1, 2])
    p.add_argument('--candidates', nargs='+', default=list(CANDIDATES), help=f'names from {list(CANDIDATES)}')
    p.add_argument('--steps-only', action='store_true', help='only the seconds per training step, no training')
    p.add_argument('--reference', action='store_true', help='add the logistic regression on frozen features')
    args = p.parse_args()
    base = get_config('quick', verbose=False, device='cpu')
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch size {base.bs}; each candidate's recipe is in its CANDIDATES entry")
    if args.steps_only:
        models = {}  # a training step's time depends on the model and image size, not on the recipe: measure each once
        for name in args.candidates:
            key = tuple(CANDIDATES[name][k] for k in MODEL_KEYS)
            if key not in models: models[key] = step_seconds(get_config('quick', verbose=False, device='cpu', **dict(zip(MODEL_KEYS, key))))
        steps = pd.DataFrame({n: models[tuple(CANDIDATES[n][k] for k in MODEL_KEYS)] for n in args.candidates}).T
        print('seconds per training step of the unfrozen model (median of 5 after a warm-up):')
        print(steps.round(3).to_string())
        raise SystemExit
    res = {}
    for name in args.candidates:
        for seed in args.seeds:
            errs, secs = recipe_run(name, seed)
            res[(name, seed)] = {'error': errs[-1], 'train s': secs}
            print(f"{name}, start {seed}: error after each epoch", ', '.join(f'{e:.3f}' for e in errs), f'| {secs:.0f} s', flush=True)
    if args.reference:
        dls = course_dataloaders(base)
        start = time.perf_counter()
        probe = linear_probe(pretrained_learner(dls, base.arch))
        secs = time.perf_counter() - start
        print(f"logistic regression on frozen features: error {probe.error:.3f} ({probe.n_wrong} of {len(probe.wrong)} wrong) | {secs:.0f} s", flush=True)
        for seed in args.seeds: res[('logistic regression on frozen features', seed)] = {'error': probe.error, 'train s': secs}
    res = pd.DataFrame(res).T.rename_axis(['candidate', 'start'])
    summary = res.groupby(level=0, sort=False).agg(['mean', 'min', 'max'])
    first = summary.index[0]
    summary[('images right', f'more than {first}')] = (summary.loc[first, ('error', 'mean')] - summary[('error', 'mean')]) * 59
    print('\n' + summary.round(3).to_string())
