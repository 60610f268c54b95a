"""How fast sqlglot parses the kind of SQL perflint finds in Python code, with and
without sqlglotc (sqlglot's modules compiled with mypyc, installed over sqlglot).

    python benchmarks/sql_parse.py                      # this interpreter only
    python benchmarks/sql_parse.py --against /venv-without-sqlglotc/bin/python

Each run parses every query of the corpus once per repetition (no memoisation, as for
a cold lint of a project whose queries are all different) and reports the median of
several runs. ``--against`` runs the same measurement in another interpreter (with the
same sqlglot version but no sqlglotc) and prints both and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

# Realistic statements, with placeholders already bound the way perflint binds them.
QUERIES = [
    "SELECT id, email, name FROM users WHERE id = __pfl0",
    "SELECT * FROM orders WHERE customer_id = __pfl0 AND status = 'open' ORDER BY created_at DESC",
    "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id "
    "WHERE o.created_at >= now() - INTERVAL '30 days' AND c.country = __pfl0",
    "INSERT INTO docs (key, body) VALUES (__pfl0, __pfl1::jsonb) "
    "ON CONFLICT (key) DO UPDATE SET body = EXCLUDED.body RETURNING id",
    "UPDATE accounts SET balance = balance - __pfl0, updated_at = now() WHERE id = __pfl1",
    "DELETE FROM sessions WHERE expires_at < now()",
    "SELECT user_id, count(*) FILTER (WHERE paid) AS paid, "
    "row_number() OVER (PARTITION BY user_id ORDER BY created_at) AS rn "
    "FROM orders GROUP BY user_id, created_at HAVING count(*) > 1",
    "WITH recent AS (SELECT id, total FROM orders WHERE created_at > __pfl0) "
    "SELECT r.id, sum(l.qty * l.price) FROM recent r JOIN order_lines l ON l.order_id = r.id "
    "GROUP BY r.id ORDER BY 2 DESC LIMIT 20",
    "SELECT id FROM customers c WHERE NOT EXISTS "
    "(SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'paid')",
    "SELECT id, name FROM products WHERE name ILIKE __pfl0 AND tags @> __pfl1 "
    "AND id = ANY(__pfl2) ORDER BY name LIMIT __pfl3 OFFSET __pfl4",
    "SELECT date_trunc('day', created_at) AS day, sum(total) FROM orders "
    "WHERE created_at BETWEEN __pfl0 AND __pfl1 GROUP BY 1 ORDER BY 1",
    "SELECT u.id, u.email, p.plan, s.status FROM users u LEFT JOIN profiles p ON p.user_id = u.id "
    "LEFT JOIN subscriptions s ON s.user_id = u.id AND s.active WHERE u.deleted_at IS NULL",
]


def measure(repeat: int, runs: int) -> dict:
    import sqlglot
    import sqlglot.parser

    # Distinct texts, so nothing is cached across repetitions.
    corpus = [f"{q} /* {i} */" for i in range(repeat) for q in QUERIES]
    sqlglot.parse_one(QUERIES[0], read="postgres")  # warm up imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in corpus:
            sqlglot.parse(text, read="postgres")
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return {
        "python": sys.executable,
        "sqlglot": sqlglot.__version__,
        "compiled": not sqlglot.parser.__file__.endswith(".py"),
        "queries": len(corpus),
        "median_s": round(median, 4),
        "per_query_us": round(median / len(corpus) * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="copies of the corpus per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", help="another Python interpreter to compare with")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    here = measure(args.repeat, args.runs)
    if args.json:
        print(json.dumps(here))
        return
    results = [here]
    if args.against:
        command = [args.against, __file__, "--json", "--repeat", str(args.repeat)]
        output = subprocess.run(
            [*command, "--runs", str(args.runs)], capture_output=True, text=True, check=True
        )
        results.append(json.loads(output.stdout))
    for result in results:
        kind = "sqlglotc (compiled)" if result["compiled"] else "pure-Python sqlglot"
        print(
            f"{kind:22} sqlglot {result['sqlglot']}: {result['queries']} queries, "
            f"median {result['median_s']:.3f} s, {result['per_query_us']:.0f} us/query"
        )
    if len(results) == 2:
        compiled = [r for r in results if r["compiled"]]
        plain = [r for r in results if not r["compiled"]]
        if compiled and plain:
            ratio = plain[0]["median_s"] / compiled[0]["median_s"]
            print(f"speed-up of sqlglotc: {ratio:.2f}x")


if __name__ == "__main__":
    main()
