"""Time-stepped controllers: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
CronJobs, pods' lifecycle, events, metrics and churn.

Interface (called by the `kubesim` entry point):
    ControllerManager(store, speed=1.0, churn=0)
        .start()   run on a background thread
        .stop()    stop and join
"""


class ControllerManager:
    def __init__(self, store, speed=1.0, churn=0):
        self.store = store
        self.speed = speed
        self.churn = churn

    def start(self):
        return None

    def stop(self):
        return None
