"""The demo world: namespaces, workloads, pods an SRE meets, Helm releases, projects.

Interface (called by the `kubesim` entry point):
    populate(store, state, pods=0, namespaces=0, cluster_name="kubesim")
        state is "demo" or "empty"; pods/namespaces > 0 add that many generated
        realistic pods spread over that many namespaces (the --pods/--namespaces scale mode).
"""


def populate(store, state, pods=0, namespaces=0, cluster_name="kubesim"):
    """Fill the store. Replaced by the real world builder."""
    return None
