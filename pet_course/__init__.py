"""A hands-on nbdev course on fastai's pet-breeds chapter, with its reusable pieces as a tested package

pet_course follows chapter 5 of *Deep Learning for Coders with fastai and PyTorch* (fastbook), which trains a model to tell 37 breeds of cats and dogs apart from photos of the Oxford-IIIT Pet dataset. Each lesson is a notebook that builds one idea of the chapter from scratch, checks it against PyTorch or fastai, and then uses the library's version; what is worth keeping (the data pipeline, offline ImageNet weights, the learning-rate finder's rules, the tools that measure a training step and tell a real difference from chance) is exported into the `pet_course` package, so you can `pip install` it and reuse it.

Modules:

- `pet_course.config`: One small object that every lesson starts from: which mode the course runs in, on which device, with which data, model and sizes, and why.
- `pet_course.data`: Where the pet images come from, how a breed is read from a file name, which files can be used, a presized copy for quick mode, and the book's `DataBlock`.
- `pet_course.debugging`: Look at the data before training: `show_batch`, `DataBlock.summary`, and a helper that turns a failing summary into a short diagnosis. Then train a first model and ask which breeds it confuses.
- `pet_course.depth`: Lesson 06, part 1: what a deeper pretrained model buys and costs on the pets, in error, time and memory.
- `pet_course.evidence`: An interval for one model's error rate, and a paired test for two models scored on the same validation images: what the lessons use to say whether a result is larger than chance.
- `pet_course.losses`: Softmax, log-softmax, negative log likelihood and cross-entropy built from plain tensor operations, checked against PyTorch, and then used to train the pet classifier in place of fastai's loss.
- `pet_course.lr_finder`: What a bad learning rate does to training, Leslie Smith's learning-rate range test written from scratch, fastai's four suggestion rules as plain functions, and fastai's `lr_find` beside ours.
- `pet_course.measure`: Time and peak memory of training batches, on a GPU or a CPU: the tools lesson 06 and `bench/precision.py` measure with.
- `pet_course.models`: `pretrained_learner` builds a fastai `vision_learner` with ImageNet weights: the book's ResNets when they can be downloaded, and an EfficientNet-Lite0 whose weights ship in a pip package when they can't.
- `pet_course.precision`: Lesson 06, part 2: mixed precision that makes training faster on a GPU and what it does on a CPU, and how to find the largest batch that fits without crashing.
- `pet_course.presizing`: The pet photos as a dataset (`L`, `pathlib`, regular expressions, a second labeller for cat or dog), the chapter's `DataBlock`, and why fastai resizes every image twice: what presizing buys, shown on real photos and measured. Loading the images and reading their breeds live in `pet_course.data`.
- `pet_course.quiz`: The chapter's 23 questions and 2 research items: ask a question, write your answer in a cell, check it, reveal the reference answer when you want it.
- `pet_course.quiz_bank`: The chapter's 23 questions and 2 further-research items, each with its number, its lesson, its kind (checked or self-assessed), its checker and its reference answer.
- `pet_course.quiz_checkers`: How the questionnaire reads answers and checks them: one reader per kind of answer, a safe way to run the learner's code, and the checkers built on them.
- `pet_course.transfer`: What fine-tuning a pretrained model really does: which parameters train and when, the learning rate each layer group gets, the 1cycle schedule, how many epochs to train, and two older tools (SGDR and test-time augmentation) measured beside it."""

__version__ = "0.0.1"
