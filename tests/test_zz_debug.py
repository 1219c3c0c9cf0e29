from planner.core.change import change
from planner.forms.day_two import read_change
from planner.forms.estate import DocumentInvalid
from tests.core.test_day_two_shell import HOSTILE, reader_cases


def test_debug():
    for hostile in HOSTILE:
        got = []
        for label, document in reader_cases(hostile):
            try:
                change(read_change(document()))
                got.append(label)
            except DocumentInvalid:
                pass
        print(repr(hostile), got)
