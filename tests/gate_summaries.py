"""Hand-written summaries used by the regression-gate tests (bench check and the pytest plug-in).

GOOD states the two must-have facts; DROPS_TALKS loses "talks will continue"; CLAIMS_AGREEMENT states
the probe "NATO and Russia reached an agreement on missile defence".
"""

GOOD = (
    "NATO and Russia did not reach an agreement on missile defence on Thursday.\n"
    "NATO and Russia will keep talking about missile defence.\n"
    "Russia wants a legally binding guarantee that the NATO missile shield is not aimed at Russia."
)
DROPS_TALKS = (
    "NATO did not reach an agreement with Russia on the missile shield.\n"
    "Russia wants a legally binding guarantee that the NATO missile shield is not aimed at Russia."
)
CLAIMS_AGREEMENT = (
    "NATO and Russia reached an agreement on missile defence on Thursday.\n"
    "NATO and Russia will keep talking about missile defence.\n"
    "Russia wants a legally binding guarantee that the NATO missile shield is not aimed at Russia."
)
