"""The GPU preset's shape for a CPU run, as environment settings (`PET_COURSE_BS=32 ...`), read from `pet_course.config.PRESETS`.

`make test-gpu-shape` runs lessons on the CPU with the `quick-gpu` preset's batch size, epochs and learning rate, at
images small enough for a CPU, so that a fault that comes from those numbers (fewer batches per epoch, a range test
with fewer points, more epochs) shows up on a machine without a GPU. The sizes are the CPU's choice, not the GPU's.
"""
from pet_course.config import PRESETS

CPU_SIZES = dict(size=128, presize=160, small_size=128)  # the GPU preset's 288/400 px would take a CPU many minutes per lesson; at 96 px a range test's loss hardly falls

def gpu_shape(preset:str='quick-gpu') -> dict:
    "The settings of `preset` that shape training (batch size, epochs, learning rate, recipe), at `CPU_SIZES`"
    p = PRESETS[preset]
    return dict(bs=p['bs'], epochs=p['epochs'], freeze_epochs=p['freeze_epochs'], lr=p['lr'], bn_freeze=p['bn_freeze'], **CPU_SIZES)

if __name__ == '__main__':
    print(' '.join(f"PET_COURSE_{k.upper()}={v}" for k, v in gpu_shape().items()))
