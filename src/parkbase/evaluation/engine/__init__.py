"""The per-mu evaluation engine: numpy arrays in, scores and classes out. No Django.

``evaluate(scheme, population, previous=None)`` scores every member of ``population``
(one array per field, NaN for a missing number) with the scheme and classes the graded
ones by rank inside their peer group. The rules it follows, in order:

1. **Peer group**: the first group whose conditions all hold; none → not evaluated.
2. **Shared parcels** (``population.owner`` gives each tenant's landlord, -1 for none):
   ``merge`` adds every indicator field of the tenants to their owner's (missing counts
   as 0 when the other side is known; the parcel's ``land_area`` stays the owner's),
   ``inherit`` scores tenants on their own figures; in both the tenant takes its owner's
   class and does not take a place in the ranking.
3. **Indicator value** = numerator / denominator × scale. A missing numerator, or a
   denominator that is missing, zero or negative (no land area!) makes the value
   missing, with the reason kept, never a division error.
4. **Score** per method, with ``w`` the weight and ``b`` the benchmark:
   ``benchmark`` w·x/b (floored at 0); ``lower`` w·(2 − x/b) floored at 0;
   ``minmax`` w·(20 + 80·r)/100 with r = (x − min)/(max − min) over the group's known
   values (reversed when lower is better; every member scores w when max = min).
   ``cap`` limits a score to cap·w. A benchmark is a number or factor × the mean or
   median of the group's known values, in the previous year (``previous``; if it has
   none for the group, the current year, with a warning) or the current year.
5. **Missing value**: scores 0 (``missing: zero``) or the mean score of the group's
   members that have the value (``average``; 0 when nobody has it, with a warning).
6. **Total** = the sum of scores + the points of every adjustment rule that holds.
7. **Forced class**: the first forced rule that holds sets the class (it wins over the
   ungraded rules and over a shared parcel's class); the firm does not take a place in
   the ranking.
   **Ungraded**: the first ungraded rule that holds; scored, not ranked, no class.
8. **Classes by rank**: the remaining firms of a group are ranked by total, highest
   first; totals equal to 6 decimals share the better rank (1, 2, 2, 4). With n firms
   ranked, class k holds the ranks up to ceil(upto_k · n): every class gets at least its
   share rounded up, and a group of one is in the first class. Firms that tie share one
   class: that of the tie's first place (``ties: better``, the default) or of its last
   (``ties: worse``: twenty stopped firms all scoring 0 then share the lowest class
   instead of escaping it). Percentile = rank / n.

The engine is read in the order of a run: ``outcome`` (what goes in and comes out),
``conditions`` (peer groups and rules), ``indicators`` (values, benchmarks' statistics,
scores), ``ranking`` (ranks and classes inside a group), ``run`` (``evaluate`` and what
a scheme reads) and ``explain`` (why a firm got its result).
"""

from parkbase.evaluation.engine.conditions import (  # noqa: F401
    COMPARISONS,
    Conditions,
    condition_mask,
)
from parkbase.evaluation.engine.explain import (  # noqa: F401
    RowFacts,
    explain,
    explain_facts,
    row_facts,
)
from parkbase.evaluation.engine.indicators import (  # noqa: F401
    Rows,
    score,
)
from parkbase.evaluation.engine.outcome import (  # noqa: F401
    MISSING_NUMERATOR,
    NO_DENOMINATOR,
    NONE,
    OK,
    Outcome,
    Population,
)
from parkbase.evaluation.engine.ranking import (  # noqa: F401
    TIE_DECIMALS,
)
from parkbase.evaluation.engine.run import (  # noqa: F401
    evaluate,
    fields_read,
    indicator_fields,
    reads_previous_year,
)
from parkbase.evaluation.scheme import (  # noqa: F401
    Scheme,
)
