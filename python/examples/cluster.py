"""A sweep and a four-region week solved on a Dask cluster.

A local cluster of two single-threaded worker processes stands in for a real one (give
``Client`` the scheduler's address instead). The sweep runs one task per scenario; the
four-region week (above a million eligible pairs, so the core solves its regions apart)
runs one task per region, merged into the roster a local solve returns, byte for byte.

The code below the imports is the example of docs/python.md, "On a cluster"
(python/tests/test_cluster.py checks that they agree, and runs this file).

Usage: python examples/cluster.py   (needs ``pip install ./python[dask]``)
"""

from dask.distributed import Client, LocalCluster
import rotaflow

if __name__ == "__main__":  # worker processes import this file: solve only in the parent
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        # A sweep: one task per scenario, on the workers.
        base = rotaflow.generate(clinicians=300, sites=40)
        frame = rotaflow.sweep(base, [{"name": "base"},
                                      {"name": "10% off sick", "drop_share": 0.1, "seed": 1}],
                               client=client, threads=1)
        print(frame[["name", "status", "fill_rate", "pay"]].to_string(index=False))

        # One big problem: four regions, each a task, merged here.
        nation = rotaflow.generate(clinicians=4400, sites=480, regions=4)
        roster = rotaflow.solve(nation, client=client)
        assert roster.to_json() == rotaflow.solve(nation).to_json()
        print(roster.status, len(roster.assignments), "assignments")
