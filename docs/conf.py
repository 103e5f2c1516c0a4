# Sphinx settings for the course website. `make docs` writes the pages' sources with tools/docs_notebooks.py, then runs
# sphinx-build with this folder as its configuration (-c docs), warnings as errors (-W), then tools/check_links.py.
# Nothing here may load anything from the network when the site is built or read: no web fonts, no CDN scripts.
import re
from docutils import nodes
from latex2mathml.converter import convert as latex_to_mathml
from sphinx.util import logging

project = 'pet_course'
author = 'pet_course authors'
copyright = '2026, pet_course authors'
html_title = 'pet_course'

extensions = ['myst_nb']
nb_execution_mode = 'off'   # the pages show the outputs stored in the notebooks: nothing is run
nb_merge_streams = True     # one block per cell for what it printed, as in Jupyter
nb_code_prompt_show = 'Show the {type}'  # an API page's exported code folds under its cards
nb_code_prompt_hide = 'Hide the {type}'
nb_ipywidgets_js = {}       # myst-nb would load require.js and the widget manager from CDNs for pages with widgets
# $...$ formulas; ::: blocks (the question boxes); {attrs} after a link, as in show_doc's stored `[source](...){target=...}`;
# {.class} before a block (the links under each page's title)
myst_enable_extensions = ['dollarmath', 'colon_fence', 'attrs_inline', 'attrs_block']
nb_render_error_lexer = 'myst-ansi'  # tracebacks as Jupyter shows them (the IPython lexer fails on `%xmode Minimal`'s)
myst_heading_anchors = 3   # prose can link to a heading as [text](#its-slug) or [text](page.ipynb#its-slug)

html_theme = 'furo'         # no web fonts or remote assets; search is Sphinx's own, offline
html_static_path = ['_static']
html_css_files = ['course.css']
html_favicon = '_static/favicon.ico'
html_copy_source = False    # the notebooks are in the repository; no second copy of their pictures in _sources/
html_show_sourcelink = False
html_math_renderer = 'mathml'  # see setup: no MathJax from a CDN

logger = logging.getLogger(__name__)

_FUNCTIONS = re.compile(r'(<mi>(?:log|ln|exp|sin|cos|tan)</mi>)(?!<mo)')

def _mathml(self, node, block=False):
    "MathML for `node`'s LaTeX (latex2mathml): browsers draw it natively, with no script to load"
    tex = node.astext()
    try: mathml = latex_to_mathml(tex, display='block' if block else 'inline')
    except Exception as e: mathml, problem = None, f"{type(e).__name__} {e}"
    else: problem = '' if '<mi>\\' not in mathml else 'an unknown command'  # latex2mathml passes those through as text
    if problem:
        logger.warning(f"cannot draw the math {tex!r}: {problem}", location=node)
        mathml = self.encode(tex)
    # a thin space after log, exp, ... before what they apply to, as LaTeX sets it ("log 37", not "log37")
    self.body.append(_FUNCTIONS.sub(r'\1<mspace width="0.1667em"/>', mathml))
    raise nodes.SkipNode

def setup(app):
    app.add_html_math_renderer('mathml', inline_renderers=(_mathml, None),
                               block_renderers=(lambda self, node: _mathml(self, node, block=True), None))
