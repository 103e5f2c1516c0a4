"""float32 vs mixed precision: training throughput and peak memory of ResNet-34 and ResNet-50 at 224 px.

Run from the repository's root:  python bench/precision.py [--archs resnet34 resnet50] [--size 224] [--bs N] [--steps 3]

Mixed precision is what `pet_course.precision.mixed_precision` picks for the device: float16 with loss scaling on a
CUDA GPU, bfloat16 autocast on a CPU with bfloat16 instructions (on other CPUs bfloat16 is used anyway, emulated).
The models have random weights and the batches are random images: neither changes speed or memory, and nothing
needs downloading. A training step is one batch of fastai's training loop: forward pass, loss, backward pass,
optimiser step. Peak memory is the tensor memory a step allocates above what was already allocated (weights,
gradients, optimiser state): `torch.cuda.max_memory_allocated` on CUDA, torch.profiler's memory events on a CPU.
"""
import argparse, sys, warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's pet_course, installed or not
warnings.filterwarnings('ignore', message='.*torch.jit.script.*')

import torch, torchvision
from fastai.vision.all import Learner, DataLoaders, CrossEntropyLossFlat
from pet_course.config import best_device
from pet_course.precision import (measure_training, mixed_precision, precision_choice, cpu_has_bf16,
                                  random_batches, device_name)

N_CLASSES = 37  # the pet breeds


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--archs', nargs='+', default=['resnet34', 'resnet50'], help='torchvision model names')
    p.add_argument('--size', type=int, default=224, help='image size in pixels')
    p.add_argument('--bs', type=int, default=None, help='batch size (default: 64 on CUDA as in the book, 16 on a CPU)')
    p.add_argument('--steps', type=int, default=3, help='training steps timed per measurement')
    p.add_argument('--warmup', type=int, default=1, help='untimed steps before them')
    p.add_argument('--device', default=None, help="'cuda' or 'cpu' (default: the best one here)")
    return p.parse_args(argv)


def mixed_kind(device:str) -> str:
    "The mixed precision to compare with float32 on `device`"
    kind = precision_choice(device, cpu_has_bf16())[0]
    return 'bf16' if kind == 'fp32' else kind


def measure(arch:str, kind:str, args, device:str) -> dict:
    "Throughput and peak memory of training `arch` in precision `kind`"
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(weights=None, num_classes=N_CLASSES)
    dl = random_batches(args.bs, args.size, N_CLASSES, n=args.warmup+args.steps+1, device=device)
    learn = Learner(DataLoaders(dl, dl, device=device), model, loss_func=CrossEntropyLossFlat())
    mixed_precision(learn, kind, verbose=False)
    return measure_training(learn, n=args.steps, warmup=args.warmup)


def main(argv=None):
    args = parse_args(argv)
    device = args.device or best_device()
    args.bs = args.bs or (64 if device == 'cuda' else 16)
    kind = mixed_kind(device)
    print(f"device: {device_name(device)} ({device}); torch {torch.__version__}")
    print(f"mixed precision: {kind} ({precision_choice(device, cpu_has_bf16())[1]})")
    print(f"{args.size} px, batch size {args.bs}, mean of {args.steps} training steps after {args.warmup} warm-up; "
          f"random weights and images\n")
    print(f"{'arch':<10}{'precision':<11}{'images/s':>10}{'s/step':>9}{'peak MB':>10}")
    results = {}
    for arch in args.archs:
        for k in ('fp32', kind):
            r = results[arch, k] = measure(arch, k, args, device)
            print(f"{arch:<10}{k:<11}{r['images/s']:>10.1f}{r['s/batch']:>9.3f}{r['peak MB']:>10.0f}", flush=True)
    print(f"\nratios, {kind} / fp32 (speed above 1: faster; memory below 1: less memory)")
    print(f"{'arch':<10}{'speed':>8}{'memory':>9}")
    for arch in args.archs:
        f, m = results[arch, 'fp32'], results[arch, kind]
        print(f"{arch:<10}{m['images/s']/f['images/s']:>7.2f}x{m['peak MB']/f['peak MB']:>8.2f}x")


if __name__ == '__main__': main()
