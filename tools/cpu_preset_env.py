"""The CPU quick preset as environment settings (`PET_COURSE_SIZE=160 ...`), read from `pet_course.config.PRESETS`.

`make test-gpu` puts them before nbval, whose stored outputs were recorded with this preset, so that a GPU machine
runs the notebooks at the same sizes instead of its own `quick-gpu` preset.
"""
from pet_course.config import PRESETS

if __name__ == '__main__':
    print(' '.join(f"PET_COURSE_{k.upper()}={PRESETS['quick'][k]}" for k in ('size', 'presize', 'small_size', 'bs', 'epochs', 'freeze_epochs', 'lr', 'bn_freeze')))
