"""What fine-tuning a pretrained model really does: which parameters train and when, the learning rate each layer group gets, the 1cycle schedule, how many epochs to train, and two older tools (SGDR and test-time augmentation) measured beside it.

`pet_course.transfer` takes fine-tuning apart: which parameters train and when, and the learning rate each parameter group gets. `transfer_plan(mode, lr, freeze_epochs)` holds the epochs and learning rates of this lesson's experiments, as keyword arguments for `fit_one_cycle`: in `'quick'` mode the course's quick recipe for the frozen stage (`freeze_epochs` epochs at `lr`), then two unfrozen epochs at `slice(lr/2000, lr/20)` with `div=5` and `pct_start=0.3` as `fine_tune`'s second stage has them, a `long` stage with more unfrozen epochs (six by default) and the number of mini-batches the LR finder probes; in `'full'` mode the book's recipe (three frozen epochs at 3e-3, then twelve unfrozen ones at `slice(1e-6, 1e-4)`). `trainable_report(learn)` counts, for each parameter group, its parameters, those that train, those that are frozen and the BatchNorm ones (which, by default, keep training while the model is frozen); `bn_stats_shift(learn, n)` says how far `n` training batches move the running means of the body's BatchNorm layers, which fastai's `BnFreeze` keeps still; `module_groups(learn)` lists the model's modules from input to output, each the largest that lies in a single group, and `plot_groups` draws them as boxes coloured by group. `group_lrs(lr, n)` is the rate fastai gives each of `n` groups (`n_groups(learn)` counts a learner's): a float gives every group the same rate, `slice(hi)` gives the last group `hi` and the others `hi/10`, and `slice(lo, hi)` goes from `lo` for the first group to `hi` for the last, each group's rate the same multiple of the one before (`geometric_lrs`). `start_lrs(learn, lr_max)` reads the rates the optimizer really uses at the first batch of `fit_one_cycle` (`lr_max/div`) without changing a weight, with the callback `StopAfter(n)`, which records each group's rate at every training batch and cancels the fit after `n` of them.

`group_weights(learn)` copies each group's weights, and `weight_drift(learn, start)` says how far each group has moved since that copy, relative to its size there: |w - w0| / |w0|. `lr_comparison(wrong, drifts)` compares two runs in two sentences: whether their errors differ by more than chance (McNemar's exact test on the images only one of the two gets wrong, with `compare_wrong` from `pet_course.evidence`), and how many times as far each group moved in the first run as in the second. `epoch_metrics(learn)` puts a fit's losses and metrics in a table, one row per epoch, with the last group's learning rate at the end of each epoch (`one_cycle_lrs` computes those rates for a learner loaded without them); `loss_turn(runs)` reads that table in words: where the validation loss was lowest, and whether after that it turned up or flattened out while the training loss kept falling; `epochs_apart(runs, a, b, n)` says whether the error rates of two epochs, measured on `n` images, could be told apart at all. `early_stop_epoch(losses)` replays fastai's `EarlyStoppingCallback` on a list of validation losses: the epoch after which it would stop training, or None. `sgdr_epochs(n_cycles, cycle_len, cycle_mult)` counts the epochs of SGDR (one cosine from `lr_max` down to zero per cycle, with a warm restart between cycles, each `cycle_mult` times as long as the one before), and `fit_restarts` trains with that schedule, also with cycles of equal length (`cycle_mult=1`), which fastai's `fit_sgdr` can't do.

The quick plan for a frozen rate of 2e-2 and the rate each of three parameter groups gets in its unfrozen stage; early stopping replayed and SGDR's epochs counted; and a tiny model on synthetic data, in three groups, which moves only its last group when it trains frozen:

```python
import numpy as np
from torch import nn
from fastai.test_utils import synth_learner
from fastai.torch_core import params
quick_plan = transfer_plan('quick', 2e-2, 9)  # nine frozen epochs at 2e-2, then two unfrozen ones
assert quick_plan['frozen'] == dict(n_epoch=9, lr_max=2e-2)
unfrozen_lr = quick_plan['unfrozen']['lr_max']
assert unfrozen_lr == slice(1e-5, 1e-3)  # a twentieth of the frozen rate for the head, a hundred times less for the first group
group_rates = group_lrs(unfrozen_lr, 3)
assert np.allclose(group_rates, [1e-5, 1e-4, 1e-3])  # each group's rate 10 times the one before
assert np.allclose(group_lrs(slice(1e-3), 3), [1e-4, 1e-4, 1e-3]) and group_lrs(1e-3, 3) == [1e-3] * 3
assert early_stop_epoch([3, 2, 2.5, 1]) == 2 and early_stop_epoch([3, 2, 2.5, 1], patience=2) is None
assert sgdr_epochs(2, 4) == 12 and sgdr_epochs(2, 1, cycle_mult=1) == 2  # cycles of 4 and 8 epochs; of 1 and 1
# a tiny model on synthetic data, in three parameter groups of one layer each
tiny = synth_learner(model=nn.Sequential(nn.Linear(1, 4), nn.Linear(4, 4), nn.Linear(4, 1)), splitter=lambda m: [params(l) for l in m])
tiny.freeze()
assert trainable_report(tiny).frozen.tolist() == [8, 20, 0]  # frozen: only the last group trains
tiny_start = group_weights(tiny)
with tiny.no_bar(), tiny.no_logging(): tiny.fit(1, 1e-2)
moved = [i for i, d in enumerate(weight_drift(tiny, tiny_start)) if d > 0]
assert moved == [2]
print(f"quick plan, unfrozen: {unfrozen_lr.start:.1e} to {unfrozen_lr.stop:.1e}, so 3 groups train at "
      f"{', '.join(f'{r:.1e}' for r in group_rates)}; frozen, the groups that moved: {moved}")
```"""

# AUTOGENERATED! DO NOT EDIT! File to edit: ../nbs/05_unfreezing_discriminative_lrs.ipynb.

# %% auto #0
__all__ = ['transfer_plan', 'trainable_report', 'module_groups', 'plot_groups', 'geometric_lrs', 'n_groups', 'group_lrs',
           'StopAfter', 'start_lrs', 'bn_stats_shift', 'relative_change', 'group_weights', 'weight_drift',
           'lr_comparison', 'epoch_metrics', 'one_cycle_lrs', 'loss_turn', 'epochs_apart', 'early_stop_epoch',
           'sgdr_epochs', 'fit_restarts']

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #9aa2fb1d
import pandas as pd
from fastai.vision.all import *
from matplotlib.patches import Rectangle
from .config import PRESETS
from .evidence import compare_wrong, comparison_sentence, mcnemar_exact

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #2a8d0cbe
def transfer_plan(mode:str, # 'quick' or 'full'
                  lr:float=PRESETS['quick']['lr'], # quick mode's frozen rate, the course recipe's (full mode uses the book's rates)
                  freeze_epochs:int=PRESETS['quick']['freeze_epochs'], # quick mode's frozen epochs, the course recipe's
                  long_epochs:int=6, # unfrozen epochs of quick mode's `long` stage (full mode: the book's twelve)
                 ) -> dict:
    "Epochs and learning rates of this lesson's experiments for `mode`"
    if mode == 'full':
        unfrozen = dict(n_epoch=12, lr_max=slice(1e-6, 1e-4))
        return dict(frozen=dict(n_epoch=3, lr_max=3e-3), unfrozen=unfrozen, long=unfrozen, finder_its=100)
    if mode == 'quick':
        unfrozen = dict(n_epoch=2, lr_max=slice(lr/2000, lr/20), pct_start=0.3, div=5.)
        return dict(frozen=dict(n_epoch=freeze_epochs, lr_max=lr), unfrozen=unfrozen,
                    long={**unfrozen, 'n_epoch': long_epochs}, finder_its=10)
    raise ValueError(f"mode must be 'quick' or 'full', got {mode!r}")

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #42bf857f
def trainable_report(learn:Learner # a fastai Learner (its optimizer is created if needed)
                    ) -> pd.DataFrame:
    "Per parameter group: number of parameters, how many train, how many are frozen, and the BatchNorm ones"
    if learn.opt is None: learn.create_opt()
    norm = {id(p) for p in norm_bias_params(learn.model, with_bias=False)}
    def count(ps): return sum(p.numel() for p in ps)
    rows = [dict(parameters=count(pg), trainable=count(p for p in pg if p.requires_grad),
                 frozen=count(p for p in pg if not p.requires_grad), batchnorm=count(p for p in pg if id(p) in norm))
            for pg in learn.opt.param_lists]
    return pd.DataFrame(rows).rename_axis('group')

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #3ce81204
def _module_kind(m:nn.Module) -> str:
    "A module's type, and for a `Sequential` what it holds"
    kinds = [type(c).__name__ for c in m.children()]
    if not isinstance(m, nn.Sequential) or not kinds: return type(m).__name__
    return f"{len(kinds)} x {kinds[0]}" if len(set(kinds)) == 1 else f"Sequential of {len(kinds)} layers"

def module_groups(learn:Learner # a fastai Learner; its splitter defines the groups
                 ) -> pd.DataFrame:
    "The model's modules from input to output, each the largest lying in one parameter group: group, size, parameters that train"
    gid = {id(p): i for i, g in enumerate(learn.splitter(learn.model)) for p in g}
    rows = []
    def add(name, part, m, ps):
        rows.append(dict(module=name, part=part, kind=_module_kind(m), group=gid.get(id(ps[0])),
                         parameters=sum(p.numel() for p in ps), trainable=sum(p.numel() for p in ps if p.requires_grad)))
    def walk(name, part, m):
        ps = list(m.parameters())
        if not ps: return
        if len({gid.get(id(p)) for p in ps}) == 1 or not any(True for _ in m.children()): return add(name, part, m, ps)
        own = list(m.parameters(recurse=False))
        if own: add(f'{name} (own)', part, m, own)
        for n, c in m.named_children(): walk(f'{name}[{n}]', part if part is not None else n, c)
    walk('model', None, learn.model)
    return pd.DataFrame(rows)

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #0ce8be9d
def plot_groups(groups:pd.DataFrame, # `module_groups(learn)`
                parts:dict|None=None, # names of the model's parts by their index, e.g. {'0': 'body', '1': 'head'}
                ax=None, # axes to draw on (default: a new figure)
               ) -> plt.Axes:
    "One box per module of `groups`, coloured by parameter group, its dark part the share of parameters that train"
    n = len(groups)
    if ax is None: _, ax = plt.subplots(figsize=(10, 0.4*n + 0.9))
    colour = plt.get_cmap('tab10')
    for i, r in enumerate(groups.itertuples()):
        y, c, share = n - 1 - i, colour(r.group % 10), r.trainable / r.parameters
        ax.add_patch(Rectangle((0, y + 0.1), 1, 0.8, facecolor=c, alpha=0.25, edgecolor=c))
        ax.add_patch(Rectangle((0, y + 0.1), share, 0.8, facecolor=c, alpha=0.9, edgecolor=c))
        ax.text(0.02, y + 0.5, f"{r.module}: {r.kind}", va='center', fontsize=8.5)
        trains = 'all train' if share == 1 else 'all frozen' if share == 0 else f"{r.trainable:,} train"
        ax.text(1.03, y + 0.5, f"group {r.group}: {r.parameters:,} parameters, {trains}", va='center', fontsize=8.5, color=c)
    for key, name in (parts or {}).items():
        ys = [n - 1 - i for i, p in enumerate(groups.part) if p == key]
        if not ys: continue
        ax.plot([-0.06, -0.08, -0.08, -0.06], [max(ys) + 0.9, max(ys) + 0.9, min(ys) + 0.1, min(ys) + 0.1], color='black', lw=1)
        ax.text(-0.1, (max(ys) + min(ys) + 1) / 2, name, ha='right', va='center', fontsize=9)
    ax.set(xlim=(-0.45, 1.75), ylim=(-0.1, n + 0.1))
    ax.set_title('modules from input (top) to output, coloured by parameter group; dark: the share that trains', fontsize=10)
    ax.axis('off')
    return ax

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #5c546fe5
def geometric_lrs(lo:float, # rate of the first group
                  hi:float, # rate of the last group
                  n:int # number of groups
                 ) -> list:
    "`n` rates from `lo` to `hi`, each a constant factor times the one before"
    if n == 1: return [hi]
    return [lo * (hi/lo)**(i/(n-1)) for i in range(n)]

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #251f6820
def n_groups(learn:Learner) -> int:
    "Number of parameter groups `learn`'s optimizer has (or will have)"
    return len(learn.opt.param_lists) if learn.opt is not None else len(learn.splitter(learn.model))

def group_lrs(lr, # a float, `slice(hi)`, `slice(lo, hi)`, or one rate per group
              n:int # number of parameter groups, e.g. `n_groups(learn)`
             ) -> list:
    "The learning rate fastai gives each of `n` parameter groups for `lr`"
    if isinstance(lr, slice): lrs = geometric_lrs(lr.start, lr.stop, n) if lr.start else [lr.stop/10]*(n-1) + [lr.stop]
    else: lrs = list(lr) if is_listy(lr) else [lr]
    if len(lrs) == 1: lrs = lrs*n
    if len(lrs) != n: raise ValueError(f"got {len(lrs)} learning rates for {n} parameter groups")
    return [float(o) for o in lrs]

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #b7146c01
class StopAfter(Callback):
    "Skip validation and cancel the fit after `n` training batches, recording each group's learning rate per batch"
    order = ParamScheduler.order + 1
    def __init__(self, n:int): self.n = n # training batches to run; 0 cancels before the first one
    def before_fit(self): self.done, self.lrs = 0, []
    def before_validate(self): raise CancelValidException()
    def before_batch(self):
        if not self.training: return
        self.lrs.append([float(h['lr']) for h in self.opt.hypers])
        if self.n == 0: raise CancelFitException()
    def after_batch(self):
        if not self.training: return
        self.done += 1
        if self.done >= self.n: raise CancelFitException()

def start_lrs(learn:Learner, # the learner; its weights are not changed
              lr_max, # as for `fit_one_cycle`
              div:float=25. # `fit_one_cycle`'s initial division of `lr_max`
             ) -> list:
    "The learning rate of each parameter group when `fit_one_cycle` starts its first batch"
    cb = StopAfter(0)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, lr_max, div=div, cbs=cb)
    return cb.lrs[0]

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #238264d3
def bn_stats_shift(learn:Learner, # a learner with a pretrained body, `learn.model[0]`
                   n:int=3, # training batches to run
                  ) -> float:
    "How far `n` training batches move the running means of the body's BatchNorm layers, relative to their size: |m - m0| / |m0|"
    bns = [m for m in learn.model[0].modules() if isinstance(m, bn_types)]
    before = [bn.running_mean.clone() for bn in bns]
    with learn.no_bar(), learn.no_logging(): learn.fit(1, cbs=StopAfter(n))
    return relative_change([bn.running_mean for bn in bns], before)

def _norm(ts) -> float: return math.sqrt(sum(float((t.float()**2).sum()) for t in ts))

def relative_change(now:list, # tensors as they are now
                    start:list, # the same tensors before, in the same order
                   ) -> float:
    "How far the tensors `now` moved from `start`, relative to the size of `start`: |x - x0| / |x0|"
    return _norm([x.detach() - x0 for x, x0 in zip(now, start)]) / _norm(start)

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #7eed94b2
def group_weights(learn:Learner) -> list:
    "A copy of the weights of each of `learn`'s parameter groups"
    return [[p.detach().clone() for p in g] for g in learn.splitter(learn.model)]

def weight_drift(learn:Learner, # a learner whose weights have trained since `start`
                 start:list, # `group_weights(learn)` taken before
                ) -> list:
    "For each parameter group, how far its weights moved from `start`, relative to their size there: |w - w0| / |w0|"
    return [relative_change(g, g0) for g, g0 in zip(learn.splitter(learn.model), start)]

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #3d45912a
def lr_comparison(wrong:dict, # name: which validation images the run got wrong (`wrong_on_valid`), for two runs
                  drifts:dict, # name: how far each parameter group moved (`weight_drift`), first group first, same names
                  alpha:float=0.05, # level of McNemar's test
                 ) -> str:
    "Two runs: what their errors show (McNemar's test on the images they disagree on), and how much further each group moved in the first"
    if len(wrong) != 2 or set(wrong) != set(drifts):
        raise ValueError(f"give the wrong images and the drifts of the same two runs, got {list(wrong)} and {list(drifts)}")
    (a, wa), (b, wb) = wrong.items()
    r = compare_wrong(wa, wb, alpha, names=(a, b))
    ratios = ', '.join(f'{da/db:.1f}x' if db else 'n/a' for da, db in zip(drifts[a], drifts[b]))
    return f"{comparison_sentence(r)}\nEach parameter group, first to last, moved {ratios} as far with {a} as with {b}."

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #ad8c4220
def epoch_metrics(learn:Learner, # a learner after a fit (or loaded with its results table)
                  lrs=None, # the last group's rate at every training batch (default: what the recorder kept)
                 ) -> pd.DataFrame:
    "One row per epoch of `learn`'s last fit: its losses and metrics, and the last group's learning rate at the epoch's end"
    rec = learn.recorder
    df = pd.DataFrame([list(map(float, v)) for v in rec.values], columns=rec.metric_names[1:-1]).rename_axis('epoch')
    if lrs is None: lrs = getattr(rec, 'hps', {}).get('lr', [])
    if len(lrs) and len(lrs) % len(df) == 0: df['lr_end'] = [float(o) for o in lrs[len(lrs)//len(df)-1::len(lrs)//len(df)]]
    return df

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #d150fb6e
def one_cycle_lrs(n_iter:int, # training batches per epoch
                  n_epoch:int, # as for `fit_one_cycle`
                  lr_max, # as for `fit_one_cycle`: a float or a slice
                  div:float=25., # as for `fit_one_cycle`
                  div_final:float=1e5, # as for `fit_one_cycle`
                  pct_start:float=0.25, # as for `fit_one_cycle`
                 ) -> np.ndarray:
    "The last parameter group's learning rate at every training batch of `fit_one_cycle(n_epoch, lr_max, ...)`"
    hi = group_lrs(lr_max, 1)[0]  # the last group gets the float, or the top of the slice
    sched = combined_cos(pct_start, hi/div, hi, hi/div_final)
    n = n_epoch * n_iter
    return np.array([float(sched(i / n)) for i in range(n)])

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #4934f7b7
def loss_turn(runs:pd.DataFrame # one fit's table from `epoch_metrics`: `train_loss` and `valid_loss` per epoch
             ) -> str:
    "What the two losses did over a fit, and whether the validation loss turned up after its lowest point, in words"
    v, t = runs.valid_loss.tolist(), runs.train_loss.tolist()
    best, last = int(np.argmin(v)), len(v) - 1
    start = (f"Over the {len(v)} epochs the training loss went from {t[0]:.3f} to {t[last]:.3f}, "
             f"the validation loss from {v[0]:.3f} to {v[last]:.3f}.")
    if best == last: return f"{start} The validation loss was lowest at the last epoch: it was still improving, and this run could train longer."
    lowest = f"{start} The validation loss was lowest after epoch {best} ({v[best]:.3f})"
    if t[last] >= t[best]: return f"{lowest}, and the training loss did not fall after it either: this run shows no overfitting."
    typical, gap = float(np.median(np.abs(np.diff(v)))), min(v[best+1:]) - v[best]
    after = (f"{lowest} and ended {v[last] - v[best]:.3f} above that, while the training loss kept falling ({t[best]:.3f} to {t[last]:.3f}). "
             f"Every later epoch stayed at least {gap:.3f} above the lowest point, "
             f"{'more' if gap > typical else 'no more'} than the validation loss typically moved between two epochs ({typical:.3f}, the median)")
    if gap > typical: return (f"{after}: it turned up and stayed up while the training loss still fell, the sign of overfitting: "
                              f"the model fits its training images better and better while its loss on new ones gets worse.")
    return (f"{after}: the lowest point may be one lucky epoch rather than a turn, so the validation loss flattened out rather than "
            f"clearly turned up, while the gap between the two losses kept growing: the model fits its training images better "
            f"without doing better on new ones.")

def epochs_apart(runs:pd.DataFrame, # one fit's table from `epoch_metrics`, with an `error_rate` column
                 a:int, # an epoch
                 b:int, # another epoch
                 n:int, # validation images the error rates were measured on
                 alpha:float=0.05, # level of McNemar's test
                ) -> str:
    "The error rates of epochs `a` and `b`, and whether any split of their disagreements could make McNemar's test tell them apart"
    ea, eb = float(runs.error_rate[a]), float(runs.error_rate[b])
    d = abs(round(ea * n) - round(eb * n))
    start = f"Error {ea:.3f} after epoch {a} and {eb:.3f} after epoch {b}" + (f": {d} of the {n} validation images apart" if d else '')
    if d == 0: return (f"{start}: as many wrong, so whichever images they disagree on, half the disagreements go each way, "
                        f"McNemar's p is 1, and on {n} images the two epochs can't be told apart.")
    p = mcnemar_exact(0, d)
    if p >= alpha: return (f"{start}. Even if all their disagreements went the same way, McNemar's p would be at least {p:.2g}, "
                           f"so on {n} images the two epochs can't be told apart.")
    return f"{start}, enough for a real difference; whether it is one depends on which images each got wrong, which the table doesn't keep."

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #795e7471
def early_stop_epoch(losses:list, # the monitored value per epoch, lower is better
                     patience:int=1, # epochs without improvement before stopping
                     min_delta:float=0. # smallest decrease that counts as an improvement
                    ) -> int|None:
    "The epoch after which `EarlyStoppingCallback` would stop training on `losses`, or None"
    best, wait = float('inf'), 0
    for epoch, v in enumerate(losses):
        if v + min_delta < best: best, wait = v, 0
        else:
            wait += 1
            if wait >= patience: return epoch
    return None

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #7ed94647
def sgdr_epochs(n_cycles:int, # number of cosine cycles
                cycle_len:int, # epochs in the first cycle
                cycle_mult:int=2 # each cycle is this many times longer than the previous one
               ) -> int:
    "Epochs `fit_sgdr` trains for: `cycle_len` + `cycle_len*cycle_mult` + ..."
    return sum(cycle_len * cycle_mult**i for i in range(n_cycles))

# %% ../nbs/05_unfreezing_discriminative_lrs.ipynb #c2ac7d7d
def fit_restarts(learn:Learner, # learner to train
                 n_cycles:int, # number of cosine cycles
                 cycle_len:int, # epochs in the first cycle
                 lr_max=None, # learning rate(s), in any form `fit_one_cycle` takes (default: `learn.lr`)
                 cycle_mult:int=2, # each cycle is this many times longer than the previous one (1: all the same)
                 cbs=None, # more callbacks for this fit
                 **kwargs, # passed on to `Learner.fit`
                ):
    "SGDR, the schedule of `fit_sgdr` (cosine cycles with warm restarts), for any `cycle_mult` including 1"
    if learn.opt is None: learn.create_opt()
    learn.opt.set_hyper('lr', learn.lr if lr_max is None else lr_max)
    lr_max = np.array([h['lr'] for h in learn.opt.hypers])
    n_epoch = sgdr_epochs(n_cycles, cycle_len, cycle_mult)
    pcts = [cycle_len * cycle_mult**i / n_epoch for i in range(n_cycles)]
    sched = combine_scheds(pcts, [SchedCos(lr_max, 0) for _ in range(n_cycles)])
    learn.fit(n_epoch, cbs=[ParamScheduler({'lr': sched})] + list(L(cbs)), **kwargs)
