"""StreamLab's peer runner for Bytewax 0.21 (peers/README.md states the contract).

    runner.py MANIFEST SUMMARY

One Python process runs every case of the manifest, one dataflow a case (`bytewax.testing.run_main`:
one worker, no wall clock). A case's records go through `TestingSource` in arrival order, keyed by
the key field, into `bytewax.operators.windowing.window` with

- `EventClock(ts_getter, wait_for_system_duration=D, now_getter=<the epoch, fixed>,
  to_system_utc=lambda _: None)`: with a clock that never moves, Bytewax's watermark is
  `max timestamp seen - D` *of the key* (the clock and the windower are built per key), and the
  runtime never wakes up on its own: results depend only on the data;
- `TumblingWindower(S)`, `SlidingWindower(S, A)` (both aligned to the epoch) or
  `SessionWindower(G)`;
- `ordered=False`: values reach the window logic in arrival order (Bytewax's default, `True`,
  buffers them and replays them in timestamp order), so a double sum adds in StreamLab's order and
  `update` panes come when the record arrives;
- a `WindowLogic` that folds StreamLab's aggregate (the same number rules as peers/common
  NumberAcc) and emits on close (`final`, pane `ON_TIME`) or on every value and merge (`update`,
  pane `UPDATE`; for sessions only the last emission a record causes is kept, the merged session).

Bytewax decides what is late and when a window closes: an item is late when `t < W` of its key,
whatever window it belongs to, and goes to the `late` stream (the late file, `$late` =
`{"watermark": W}`, the watermark EventClock returned for the item, noted by a wrapper that
changes nothing); a time window closes when `W >= end`, a session `[first, last]` when
`W > last + G` (strictly). `$watermark` and `$advance` lines have
no equivalent and are skipped. docs/peers.md ("Bytewax") lists what is unsupported and why.
"""

import copy
import functools
import json
import math
import re
import sys
import time
from datetime import datetime, timedelta, timezone

import bytewax.operators as op
import bytewax.operators.windowing as win
from bytewax.dataflow import Dataflow
from bytewax.testing import TestingSink, TestingSource, run_main

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_DURATION_PART = re.compile(r"(\d+)(ms|s|m|h|d)")
_UNITS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$"
)


class Unsupported(Exception):
    """The case has no Bytewax equivalent; the message says why."""


def parse_duration(text):
    """Milliseconds of a StreamLab duration (`500ms`, `30s`, `1h30m`, or integer ms)."""
    s = str(text).strip()
    if s.isdigit():
        return int(s)
    pos, total = 0, 0
    while pos < len(s):
        m = _DURATION_PART.match(s, pos)
        if not m:
            raise ValueError(f"bad duration '{text}'")
        total += int(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if not s:
        raise ValueError("empty duration")
    return total


def parse_time(v):
    """Milliseconds of an event time as `streamlab window` reads it, or None (a dead letter)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if math.isfinite(v) and v == int(v) else None
    if not isinstance(v, str):
        return None
    if re.fullmatch(r"-?\d+", v):
        return int(v)
    m = _ISO.match(v)
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "0")[:3].ljust(3, "0")
    try:
        base = datetime(y, mo, d, h, mi, sec, tzinfo=timezone.utc)
    except ValueError:
        return None
    ms = (base - EPOCH) // timedelta(milliseconds=1) + int(frac)
    if m.group(8) != "Z":
        sign = 1 if m.group(8)[0] == "+" else -1
        oh, om = int(m.group(8)[1:3]), int(m.group(8)[4:6])
        ms -= sign * (oh * 60 + om) * 60_000
    return ms


def to_dt(ms):
    """A Bytewax timestamp (an aware UTC datetime) from milliseconds."""
    return EPOCH + timedelta(milliseconds=ms)


def to_ms(dt):
    """Milliseconds of an aware datetime."""
    return (dt - EPOCH) // timedelta(milliseconds=1)


@functools.lru_cache(maxsize=65536)
def iso(ms):
    """StreamLab's output time: ISO-8601 UTC with `Z`, milliseconds only when non-zero."""
    dt = to_dt(ms)
    text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if ms % 1000:
        text += f".{ms % 1000:03d}"
    return text + "Z"


def json_double(d):
    """A double as JSON: always with a fraction or exponent, so it reads back as a double."""
    if math.isnan(d) or math.isinf(d):
        return "null"
    return repr(float(d))


class Acc:
    """A window's aggregate with StreamLab's number rules (peers/common NumberAcc)."""

    __slots__ = ("count", "all_int", "int_overflow", "any", "int_sum", "int_min", "int_max",
                 "dbl_sum", "dbl_min", "dbl_max", "first", "last")

    def __init__(self):
        self.count = 0
        self.all_int, self.int_overflow, self.any = True, False, False
        self.int_sum, self.int_min, self.int_max = 0, 0, 0
        self.dbl_sum, self.dbl_min, self.dbl_max = 0.0, 0.0, 0.0
        self.first = self.last = None  # smallest and largest timestamp (ms), for session bounds

    def add(self, t, value):
        self.count += 1
        self.first = t if self.first is None else min(self.first, t)
        self.last = t if self.last is None else max(self.last, t)
        if value is None:
            return
        if isinstance(value, int):
            if not self.int_overflow:
                s = self.int_sum + value
                if INT64_MIN <= s <= INT64_MAX:
                    self.int_sum = s
                else:
                    self.int_overflow = True
            self.int_min = min(self.int_min, value) if self.any else value
            self.int_max = max(self.int_max, value) if self.any else value
        else:
            self.all_int = False
        d = float(value)
        self.dbl_sum += d
        self.dbl_min = min(self.dbl_min, d) if self.any else d
        self.dbl_max = max(self.dbl_max, d) if self.any else d
        self.any = True

    def merge(self, o):
        """Adds another session's aggregate (a merge); `self` comes first."""
        self.count += o.count
        if o.first is not None:
            self.first = o.first if self.first is None else min(self.first, o.first)
            self.last = o.last if self.last is None else max(self.last, o.last)
        if not o.any:
            return
        if not self.any:
            for f in ("all_int", "int_overflow", "any", "int_sum", "int_min", "int_max",
                      "dbl_sum", "dbl_min", "dbl_max"):
                setattr(self, f, getattr(o, f))
            return
        self.all_int = self.all_int and o.all_int
        self.int_overflow = self.int_overflow or o.int_overflow
        if not self.int_overflow:
            s = self.int_sum + o.int_sum
            if INT64_MIN <= s <= INT64_MAX:
                self.int_sum = s
            else:
                self.int_overflow = True
        self.dbl_sum += o.dbl_sum
        self.int_min, self.int_max = min(self.int_min, o.int_min), max(self.int_max, o.int_max)
        self.dbl_min, self.dbl_max = min(self.dbl_min, o.dbl_min), max(self.dbl_max, o.dbl_max)

    def render(self, kind):
        """The pane's `value` as JSON text."""
        exact = self.all_int and not self.int_overflow
        if kind == "count":
            return str(self.count)
        if kind == "sum":
            return str(self.int_sum) if exact else json_double(self.dbl_sum)
        if kind == "avg":
            if self.count == 0:
                return "null"
            return json_double(self.int_sum / self.count if exact else self.dbl_sum / self.count)
        if kind == "min":
            return str(self.int_min) if self.all_int else json_double(self.dbl_min)
        if kind == "max":
            return str(self.int_max) if self.all_int else json_double(self.dbl_max)
        raise ValueError(kind)


class StreamLabWindow(win.WindowLogic):
    """One window's state: StreamLab's aggregate, emitted on close (`final`) or on every value
    and merge (`update`). An emission is `(arrival, (first, last, value text, count))`: the
    arrival index of the record that caused it (None on close) and the rendered aggregate."""

    def __init__(self, update, agg_kind):
        self.acc = Acc()
        self.update = update
        self.agg_kind = agg_kind
        self.arrival = -1  # the latest record this window holds (update mode names a merge's cause)
        # The latest record added and the aggregate before it: StreamLab merges the sessions a
        # record bridges first (in start order) and adds the record last, while Bytewax adds the
        # record to one session before merging; a double sum depends on that order.
        self.last_value = None  # (arrival, t ms, number or None)
        self.before = Acc()

    def _emit(self, arrival):
        a = self.acc
        return (arrival, (a.first, a.last, a.render(self.agg_kind), a.count))

    def on_value(self, value):
        # value: (arrival index, t ms, number or None, original line)
        self.before = copy.copy(self.acc)
        self.last_value = (value[0], value[1], value[2])
        self.acc.add(value[1], value[2])
        self.arrival = max(self.arrival, value[0])
        return [self._emit(value[0])] if self.update else []

    def on_merge(self, original):
        # The record that caused the merge is the latest one of either session: StreamLab's
        # order is the sessions without it, by start, then the record.
        holder, other = (self, original)
        if original.last_value is not None and (
                self.last_value is None or original.last_value[0] > self.last_value[0]):
            holder, other = original, self
        if holder.last_value is None:
            self.acc.merge(original.acc)
        else:
            a, b = holder.before, other.acc
            first, second = (a, b) if b.first is None or (a.first is not None and a.first <= b.first) else (b, a)
            base = copy.copy(first)
            base.merge(second)
            merged = copy.copy(base)
            merged.add(holder.last_value[1], holder.last_value[2])
            self.acc, self.before, self.last_value = merged, base, holder.last_value
        # The record that caused the merge is the latest arrival in the merged session.
        self.arrival = max(self.arrival, original.arrival)
        return [self._emit(self.arrival)] if self.update else []

    def on_close(self):
        return [] if self.update else [self._emit(None)]

    def snapshot(self):
        return (self.acc, self.arrival)


def json_key(k):
    """The key's text for Bytewax (keys are strings): compact JSON, 1.0 written as 1."""
    if isinstance(k, float) and math.isfinite(k) and k == int(k):
        k = int(k)
    return json.dumps(k, separators=(",", ":"), ensure_ascii=False)


def read_records(case):
    """The case's clean records in arrival order: (index, key text, key, t, value, original object)."""
    flags = case["flags"]
    time_field = flags.get("time_field")
    key_field = flags.get("key_field")
    agg = flags.get("agg", "count")
    value_field = agg.split(":", 1)[1] if ":" in agg else None
    out = []
    with open(case["input"], encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue  # a dead letter for streamlab window: skipped
            if not isinstance(obj, dict):
                continue
            if "$watermark" in obj or "$advance" in obj:
                continue  # control lines have no Bytewax equivalent (and mixed ones are dead letters)
            if time_field not in obj:
                continue
            t = parse_time(obj[time_field])
            if t is None:
                continue
            if key_field is not None:
                if key_field not in obj:
                    continue
                key = obj[key_field]
            else:
                key = None
            value = None
            if value_field is not None:
                value = obj.get(value_field)
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
            out.append((len(out), json_key(key), key, t, value, line))
    return out


def check_supported(flags):
    """Raises Unsupported when Bytewax cannot express the flags."""
    if flags.get("time_domain", "event") != "event":
        raise Unsupported("processing time: Bytewax's SystemClock reads the machine clock "
                          "(not deterministic), and its EventClock's watermark is per key, so "
                          "the virtual clock of $advance lines cannot drive it")
    if flags.get("trigger", "continuous") != "continuous":
        raise Unsupported("Bytewax has no micro-batch trigger")
    if flags.get("emit", "final") == "complete":
        raise Unsupported("Bytewax has no complete output mode")
    if flags.get("watermark", "bounded:0s") == "manual":
        raise Unsupported("manual watermark: Bytewax's EventClock has no explicit watermark")
    if parse_duration(flags.get("allowed_lateness", "0s")) != 0:
        raise Unsupported("allowed lateness: Bytewax drops every item behind its watermark, "
                          "it keeps no closed window")
    if "early_every" in flags:
        raise Unsupported("early firing: Bytewax has no processing-time trigger on event-time windows")


def windower_for(spec):
    """Bytewax's windower for a StreamLab window spec; returns (windower, kind, size, advance)."""
    kind, _, rest = spec.partition(":")
    if kind == "tumbling":
        s = parse_duration(rest)
        return win.TumblingWindower(length=timedelta(milliseconds=s), align_to=EPOCH), kind, s, s
    if kind == "hopping":
        s, a = (parse_duration(x) for x in rest.split(","))
        w = win.SlidingWindower(length=timedelta(milliseconds=s), offset=timedelta(milliseconds=a),
                                align_to=EPOCH)
        return w, kind, s, a
    if kind == "session":
        g = parse_duration(rest)
        return win.SessionWindower(gap=timedelta(milliseconds=g)), kind, g, None
    raise ValueError(f"bad window '{spec}'")


def fixed_now():
    """EventClock's "system time": fixed, so the watermark depends only on the data."""
    return EPOCH


class _WatermarkLog(win.ClockLogic):
    """Bytewax's own EventClock logic, unchanged, noting the watermark it returns for each item
    (the one `window` compares the item's timestamp with) for the late file."""

    def __init__(self, inner, log):
        self.inner, self.log = inner, log

    def before_batch(self):
        self.inner.before_batch()

    def on_item(self, value):
        ts, watermark = self.inner.on_item(value)
        self.log[value[0]] = watermark
        return ts, watermark

    def on_notify(self):
        return self.inner.on_notify()

    def on_eof(self):
        return self.inner.on_eof()

    def to_system_utc(self, timestamp):
        return self.inner.to_system_utc(timestamp)

    def snapshot(self):
        return self.inner.snapshot()


class _LoggedEventClock(win.Clock):
    """An EventClock whose per-key logic is wrapped in _WatermarkLog."""

    def __init__(self, clock, log):
        self.clock, self.log = clock, log

    def build(self, resume_state):
        return _WatermarkLog(self.clock.build(resume_state), self.log)


def run_case(case):
    """Runs one case; returns (panes, late records). Raises Unsupported."""
    flags = case["flags"]
    check_supported(flags)
    if flags.get("watermark", "bounded:0s").split(":", 1)[0] != "bounded":
        raise ValueError(f"bad watermark '{flags.get('watermark')}'")
    delay = parse_duration(flags.get("watermark", "bounded:0s").split(":", 1)[1])
    update = flags.get("emit", "final") == "update"
    agg_kind = flags.get("agg", "count").split(":", 1)[0]
    windower, kind, size, advance = windower_for(flags["window"])
    records = read_records(case)

    flow = Dataflow("streamlab")
    items = [(r[1], (r[0], r[3], r[4], r[5])) for r in records]
    keyed = op.input("in", flow, TestingSource(items, batch_size=1))
    clock = win.EventClock(lambda v: to_dt(v[1]), wait_for_system_duration=timedelta(milliseconds=delay),
                           now_getter=fixed_now, to_system_utc=lambda _: None)
    watermarks = {}  # arrival index -> the watermark Bytewax judged the item against
    clock = _LoggedEventClock(clock, watermarks)
    out = win.window("window", keyed, clock, windower, lambda _state: StreamLabWindow(update, agg_kind),
                     ordered=False)
    down, late = [], []
    op.output("down", out.down, TestingSink(down))
    op.output("late", out.late, TestingSink(late))
    run_main(flow)

    key_of = {r[1]: r[2] for r in records}
    emitted = [(k, window_id, arrival, agg) for k, (window_id, (arrival, agg)) in down]
    if update and kind == "session":
        # A record that joins a session and merges it with another: Bytewax's logic sees the value
        # (one emission), then the merge (another); keep the last emission per record and key.
        last = {}
        for i, (k, _w, arrival, _acc) in enumerate(emitted):
            last[(k, arrival)] = i
        emitted = [e for i, e in enumerate(emitted) if last[(e[0], e[2])] == i]
    pane_kind = "UPDATE" if update else "ON_TIME"
    panes = []
    for key_text, window_id, _arrival, (first, last, value_text, count) in emitted:
        if kind == "session":
            start, end = first, last + size
        else:
            start = window_id * advance
            end = start + size
        panes.append('{"key":%s,"window_start":"%s","window_end":"%s","value":%s,"count":%d,"pane":"%s"}'
                     % (json.dumps(key_of[key_text], separators=(",", ":"), ensure_ascii=False),
                        iso(start), iso(end), value_text, count, pane_kind))

    # The late stream has an item per window it was late for: one line per record, in arrival
    # order, with the watermark of its key that made it late.
    late_arrivals = {v[0] for _k, (_w, v) in late}
    lines = []
    for r in records:
        if r[0] in late_arrivals:
            obj = json.loads(r[5])
            obj["$late"] = {"watermark": iso(to_ms(watermarks[r[0]]))}
            lines.append(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))
    return panes, lines


def main(argv):
    if len(argv) != 3:
        print("usage: runner.py MANIFEST SUMMARY", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            cases = json.load(f)
        if not isinstance(cases, list):
            raise ValueError("the manifest is not a JSON array")
        for c in cases:
            if not all(k in c for k in ("id", "input", "output", "late", "flags")):
                raise ValueError(f"a case lacks id, input, output, late or flags: {c}")
    except (OSError, ValueError) as e:
        print(f"runner.py: bad manifest {argv[1]}: {e}", file=sys.stderr)
        return 2
    failed = False
    with open(argv[2], "w", encoding="utf-8") as summary:
        for case in cases:
            t0 = time.monotonic()
            try:
                panes, late = run_case(case)
                with open(case["output"], "w", encoding="utf-8") as f:
                    f.writelines(p + "\n" for p in panes)
                with open(case["late"], "w", encoding="utf-8") as f:
                    f.writelines(l + "\n" for l in late)
                line = {"id": case["id"], "status": "ok", "panes": len(panes), "late": len(late),
                        "millis": int((time.monotonic() - t0) * 1000)}
            except Unsupported as e:
                line = {"id": case["id"], "status": "unsupported", "reason": str(e)}
            except Exception as e:  # noqa: BLE001 - one failed case must not stop the others
                failed = True
                line = {"id": case["id"], "status": "error", "reason": f"{type(e).__name__}: {e}"}
                print(f"runner.py: {case['id']}: {type(e).__name__}: {e}", file=sys.stderr)
            summary.write(json.dumps(line, separators=(",", ":")) + "\n")
            summary.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
