from __future__ import annotations

import pytest

from benchmark.errors import RunError
from benchmark.signature import Signature


def test_fields_come_in_canonical_order_and_round_trip():
    sig = Signature.build([{"v": "0.1.0", "data": "newsbench-v1@abc"}, {"stem": "porter", "extra": "x"}])
    assert sig.format() == "data:newsbench-v1@abc|stem:porter|v:0.1.0|extra:x"
    assert Signature.parse(sig.format()) == sig
    assert sig.without("extra").format() == "data:newsbench-v1@abc|stem:porter|v:0.1.0"
    assert sig.get("stem") == "porter"


def test_conflicting_values_are_refused():
    with pytest.raises(ValueError, match="given twice"):
        Signature.build([{"stem": "porter"}, {"stem": "none"}])


def test_malformed_signature_text():
    with pytest.raises(RunError, match="malformed signature field"):
        Signature.parse("data:x|nocolon")
