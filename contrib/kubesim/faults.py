"""Faults switched on while kubesim runs (POST /kubesim/faults), and the registry of open streams.

streams.py registers each exec/attach/log stream with register_stream(obj) (obj has .close())
and unregisters it when done; the killStreams fault closes them all.
"""
import threading
import time

_lock = threading.Lock()
_streams = set()

fail_count = 0          # answer the next N API requests with fail_code
fail_code = 500
retry_after = 1
delay_ms = 0
outage_until = 0.0      # monotonic time until which connections are refused
hold_controllers = False  # the controllers do no work (their queue waits) while set


def register_stream(obj):
    with _lock:
        _streams.add(obj)


def unregister_stream(obj):
    with _lock:
        _streams.discard(obj)


def kill_streams():
    with _lock:
        victims = list(_streams)
        _streams.clear()
    for s in victims:
        try:
            s.close()
        except Exception:
            pass
    return len(victims)


def take_failure():
    """The status code to fail this request with, or 0."""
    global fail_count
    with _lock:
        if fail_count > 0:
            fail_count -= 1
            return fail_code
    return 0


def set_failures(count, code, retry=1):
    global fail_count, fail_code, retry_after
    with _lock:
        fail_count = int(count)
        fail_code = int(code)
        retry_after = int(retry)


def in_outage():
    return time.monotonic() < outage_until


def start_outage(seconds):
    global outage_until
    outage_until = time.monotonic() + float(seconds)


def reset():
    global fail_count, delay_ms, outage_until, hold_controllers
    with _lock:
        fail_count = 0
    delay_ms = 0
    outage_until = 0.0
    hold_controllers = False


def state():
    return {"failNext": fail_count, "failCode": fail_code, "retryAfter": retry_after, "delayMs": delay_ms,
            "outageSecondsLeft": max(0.0, round(outage_until - time.monotonic(), 3)),
            "openStreams": len(_streams), "holdControllers": hold_controllers}
