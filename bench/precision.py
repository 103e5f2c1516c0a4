"""float32 vs mixed precision: training throughput and peak memory of ResNet-34 and ResNet-50 at 224 px, with a plain-PyTorch reference.

Run from the repository's root:  python bench/precision.py [--archs resnet34 resnet50] [--size 224] [--bs 64 256] [--steps N]

Three rows per model and batch size:
- `fp32`: fastai's training loop in float32 (the course's learner, no mixed precision);
- the course's mixed precision, what `pet_course.precision.mixed_precision` picks for the device: float16 with loss
  scaling and channels-last model and batches on a CUDA GPU, bfloat16 autocast on a CPU (used there even when the
  CPU has no bfloat16 instructions and `mixed_precision` would stay in float32, to show what it does);
- `reference`: the same model, batch and optimiser in plain PyTorch, without fastai: `torch.autocast` + `GradScaler`
  (float16 on CUDA; bfloat16 without a scaler on a CPU), model and batch channels-last, `torch.optim.AdamW` with the
  settings of fastai's default `Adam` (lr 1e-3, betas (0.9, 0.99), eps 1e-5, decoupled weight decay 0.01).
The models have random weights and the batches are random images: neither changes speed or memory, and nothing needs
downloading. A step is one batch: forward pass, loss, backward pass, optimiser step.
All rows are measured the same way: each step is timed on its own, with a synchronisation of the device before and
after it (as `pet_course.measure.measure_training` does, and as fastai's loop needs anyway: it copies the loss to the
CPU every step), and the median of the timed steps after the warm-up is reported, with the fastest and slowest.
Peak memory is the tensor memory one more step allocates above what was already allocated, with the gradients of the
previous step already there in every row (the reference zeroes its gradients instead of freeing them, as fastai does):
`torch.cuda.max_memory_allocated` on CUDA, torch.profiler's memory events on a CPU.
What still differs, and is printed: the optimiser's implementation (fastai's `Adam`, one parameter at a time, against
PyTorch's `AdamW`, which updates all parameters at once), and fastai's callbacks and loss bookkeeping around each step.
On CUDA the script also checks the targets set for the course on ResNet-50 at 224 px (see TARGETS).
"""
import argparse, sys, time, warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's pet_course, installed or not
warnings.filterwarnings('ignore', message='.*torch.jit.script.*')

import torch, torchvision
from torch import nn
from fastai.vision.all import Learner, DataLoaders, CrossEntropyLossFlat
from pet_course.config import best_device
from pet_course.config import cpu_bf16_native
from pet_course.measure import measure_training, random_batches, device_name, PeakMemory, _sync, compare_speed, timing_result
from pet_course.precision import mixed_precision, precision_choice

N_CLASSES = 37  # the pet breeds
# (arch, size, bs): minimum speed of course mixed over fp32, maximum memory ratio, minimum speed of course over reference
TARGETS = {('resnet50', 224, 256): (2.0, 0.55, 0.85), ('resnet50', 224, 64): (1.0, None, None)}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--archs', nargs='+', default=['resnet34', 'resnet50'], help='torchvision model names')
    p.add_argument('--size', type=int, default=224, help='image size in pixels')
    p.add_argument('--bs', type=int, nargs='+', default=None, help='batch sizes (default: 64 and 256 on CUDA, 16 on a CPU)')
    p.add_argument('--steps', type=int, default=None, help='training steps timed per measurement (default: 10 on CUDA, 5 on a CPU)')
    p.add_argument('--warmup', type=int, default=None, help='untimed steps before them (default: 3 on CUDA, 1 on a CPU)')
    p.add_argument('--device', default=None, help="'cuda' or 'cpu' (default: the best one here)")
    return p.parse_args(argv)


def mixed_kind(device:str) -> str:
    "The mixed precision to compare with float32 on `device`"
    kind = precision_choice(device, cpu_bf16_native())[0]
    return 'bf16' if kind == 'fp32' else kind


def new_model(arch:str) -> nn.Module:
    "A torchvision `arch` with random weights, the same for every row"
    torch.manual_seed(0)
    return getattr(torchvision.models, arch)(weights=None, num_classes=N_CLASSES)


def measure_course(arch:str, kind:str, bs:int, args, device:str) -> dict:
    "Throughput and peak memory of fastai's loop training `arch` in precision `kind`, set up by `mixed_precision`"
    dl = random_batches(bs, args.size, N_CLASSES, n=args.warmup+args.steps+1, device=device)
    learn = Learner(DataLoaders(dl, dl, device=device), new_model(arch), loss_func=CrossEntropyLossFlat())
    mixed_precision(learn, kind, verbose=False)
    return measure_training(learn, n=args.steps, warmup=args.warmup)


def measure_reference(arch:str, kind:str, bs:int, args, device:str) -> dict:
    "The same measurement in plain PyTorch: autocast, a loss scaler for float16, channels-last, AdamW"
    model = new_model(arch).to(device).to(memory_format=torch.channels_last).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01)
    dtype = torch.float16 if kind == 'fp16' else torch.bfloat16
    scaler = torch.amp.GradScaler(torch.device(device).type, enabled=kind == 'fp16')
    x = torch.randn(bs, 3, args.size, args.size, device=device).contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, N_CLASSES, (bs,), device=device)
    loss_func = nn.CrossEntropyLoss()
    def step():
        with torch.autocast(torch.device(device).type, dtype=dtype): loss = loss_func(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        opt.zero_grad(set_to_none=False)  # as fastai's optimiser: gradients kept, zeroed
    for _ in range(args.warmup): step()
    times = []
    for _ in range(args.steps):  # each step timed alone, synchronised before and after, as measure_training does
        _sync(device); start = time.perf_counter()
        step()
        _sync(device); times.append(time.perf_counter() - start)
    with PeakMemory(device) as mem: step()
    return timing_result(times, bs, mem.mb)


def check_targets(results, args, kind) -> list:
    "Lines saying, for each target that applies to this run, whether it was met"
    lines = []
    for (arch, size, bs), (speed, memory, vs_ref) in TARGETS.items():
        if arch not in args.archs or size != args.size or bs not in args.bs: continue
        f, m, r = results[arch, bs, 'fp32'], results[arch, bs, kind], results[arch, bs, 'reference']
        checks = [(f"{kind}/fp32 speed {m['images/s']/f['images/s']:.2f}x", speed, m['images/s']/f['images/s'] >= speed)]
        if memory: checks.append((f"memory {m['peak MB']/f['peak MB']:.2f}x", memory, m['peak MB']/f['peak MB'] <= memory))
        if vs_ref: checks.append((f"course/reference speed {m['images/s']/r['images/s']:.2f}x", vs_ref, m['images/s']/r['images/s'] >= vs_ref))
        for what, target, ok in checks:
            lines.append(f"{arch} bs {bs}: {what} (target {'<=' if what.startswith('memory') else '>='} {target}): {'met' if ok else 'MISSED'}")
    return lines


def main(argv=None):
    args = parse_args(argv)
    device = args.device or best_device()
    cuda = torch.device(device).type == 'cuda'
    args.bs = args.bs or ([64, 256] if cuda else [16])
    args.steps = args.steps or (10 if cuda else 5)
    args.warmup = args.warmup if args.warmup is not None else (3 if cuda else 1)
    kind = mixed_kind(device)
    print(f"device: {device_name(device)} ({device}); torch {torch.__version__}")
    print(f"course mixed precision: {kind} ({precision_choice(device, cpu_bf16_native())[1]})")
    print(f"reference: plain PyTorch, {kind} autocast{' + GradScaler' if kind == 'fp16' else ''}, channels-last, AdamW")
    print("same in every row: each step timed alone between two synchronisations; gradients kept between steps")
    print("differs: optimiser (course: fastai's Adam, one parameter at a time; reference: torch's AdamW, all at once), "
          "fastai's callbacks and loss bookkeeping")
    print(f"{args.size} px, median of {args.steps} training steps after {args.warmup} warm-up; random weights and images\n")
    print(f"{'arch':<10}{'bs':>5}  {'row':<11}{'images/s':>10}{'s/step':>9}{'fastest':>9}{'slowest':>9}{'peak MB':>10}")
    results = {}
    for arch in args.archs:
        for bs in args.bs:
            for row in ('fp32', kind, 'reference'):
                r = (measure_reference(arch, kind, bs, args, device) if row == 'reference' else
                     measure_course(arch, row, bs, args, device))
                results[arch, bs, row] = r
                print(f"{arch:<10}{bs:>5}  {row:<11}{r['images/s']:>10.1f}{r['s/batch']:>9.4f}{r['min s']:>9.4f}{r['max s']:>9.4f}"
                      f"{r['peak MB']:>10.0f}", flush=True)
    print(f"\nratios of medians (speed above 1: faster; memory below 1: less memory); after each speed ratio, whether the steps' "
          "times overlap ('~') or every step of one was faster ('>' faster, '<' slower)")
    print(f"{'arch':<10}{'bs':>5}{kind + '/fp32 speed':>18}{'memory':>9}{'course/reference speed':>25}{'reference/fp32 speed':>23}")
    mark = {'faster': '>', 'slower': '<', 'no clear difference': '~'}
    def ratio(a, b): r, verdict = compare_speed(a, b); return f"{r:.2f}x {mark[verdict]}"
    for arch in args.archs:
        for bs in args.bs:
            f, m, r = results[arch, bs, 'fp32'], results[arch, bs, kind], results[arch, bs, 'reference']
            print(f"{arch:<10}{bs:>5}{ratio(m, f):>18}{m['peak MB']/f['peak MB']:>8.2f}x{ratio(m, r):>25}{ratio(r, f):>23}")
    lines = check_targets(results, args, kind) if cuda else []
    if lines: print('\ntargets on CUDA\n' + '\n'.join(lines))
    return results


if __name__ == '__main__': main()
