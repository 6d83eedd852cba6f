"""`keys reencrypt` throughput at 100,000 cases on SQLite (goal: at least 2,000 cases/s).

    /work/venv/bin/python -m benchmarks.reencrypt_benchmark [--cases 100000] [--batch 1000]

Seeds a throwaway instance in bulk (ten encrypted values and five blind-index entries per
case, as benchmarks/search_benchmark.py does), rotates the data and index keys, then runs the
same batches `casework keys reencrypt` runs, each its own transaction.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.search_benchmark import build_app, seed
from casework.crypto import reindex, rotation
from casework.crypto.keyring import install_keyring
from casework.extensions import db


def run(cases: int, batch: int) -> dict[str, float]:
    """Seed, rotate both keys, re-encrypt and rebuild indexes; the seconds of each step."""
    with tempfile.TemporaryDirectory(prefix="casework-bench-") as folder:
        app, ring = build_app(Path(folder))
        seed(app, ring, cases)
        ring.rotate_data_key()
        ring.rotate_index_key()
        ring.save(app.config["KEYS_FILE"])
        install_keyring(app, ring)
        with app.app_context():
            stale = rotation.stale_row_count(ring)
            started = time.perf_counter()
            for _ in rotation.reencrypt_batches(ring, batch):
                pass
            values = time.perf_counter() - started
            started = time.perf_counter()
            done, after = reindex.reindex_batch(ring, batch)
            while done:
                done, after = reindex.reindex_batch(ring, batch, after)
            indexes = time.perf_counter() - started
            usage = rotation.data_key_usage(ring)
            assert set(usage) == {ring.primary}, usage
            assert set(rotation.index_key_usage()) == {ring.index_primary}
            db.session.remove()
        return {"rows": stale, "values": values, "indexes": indexes, "values_n": sum(usage.values())}


def main() -> None:
    """Print the figures for benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    figures = run(args.cases, args.batch)
    total = figures["values"] + figures["indexes"]
    print(f"Re-encrypted {figures['values_n']} values in {figures['rows']} rows "
          f"in {figures['values']:.1f} s: {args.cases / figures['values']:.0f} cases/s")
    print(f"Rebuilt blind indexes in {figures['indexes']:.1f} s: "
          f"{args.cases / figures['indexes']:.0f} cases/s")
    print(f"Both keys rotated: {args.cases / total:.0f} cases/s overall")


if __name__ == "__main__":
    main()
