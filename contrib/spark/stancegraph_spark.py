#!/usr/bin/env python3
"""stancegraph on Spark: a JSONL corpus partitioned over a cluster gives the
graph one `stancegraph analyze` run on the whole corpus gives.

    spark-submit contrib/spark/stancegraph_spark.py \\
        --input 'corpus/*.jsonl' --out OUT [--partitions N] [stancegraph flags]

What it does:

1. Ships the stancegraph binary (and `--lexicons`, `--outlets` when given)
   to the executors with `SparkContext.addFile`.
2. Reads the corpus with `textFile` (local paths, `hdfs://`, `s3a://`, globs,
   folders; one article per line, lines passed through as bytes) and runs
   `stancegraph extract -` over each partition's lines in a subprocess.
3. Writes each partition's relation and stance lines as one shard,
   `OUT/edges/part-NNNNN`, through Spark's output committer: a task that
   fails is retried and its shard written whole by the attempt that
   succeeds, so no mention is counted twice.
4. Runs `stancegraph merge` on the shards into `OUT/graph/` (graph.json,
   graph.dot, ... as `--formats` says), recording the `--input` values as
   the run's inputs, so that `OUT/graph/graph.json` is the same bytes as
   `stancegraph analyze INPUT...` writes, whatever the partitioning.
5. Writes `OUT/summary.json`: articles read and skipped (each bad line with
   its partition, its line number in the partition, stancegraph's message
   and the start of the line), relation and stance lines, per partition.

Exit status: 0 when every article was read, 1 when some were skipped (the
outputs are written all the same, as `stancegraph analyze` does), 2 for a
usage error or an output folder that exists (give `--overwrite`).

A test hook: with STANCEGRAPH_SPARK_FAIL_ONCE=P in the driver's
environment, the first attempt of partition P's task kills its stancegraph
process after its first output line and fails (tests/spark.rs checks that
the retried run gives the same bytes). Retries in local mode need a master
of the form local[N,F] (F attempts per task).
"""

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

# Problems stancegraph reports for standard input: `stancegraph: <stdin>:N: ...`.
STDIN_PROBLEM = "stancegraph: <stdin>:"
# How much of a bad line the summary quotes, and how many bad lines it lists.
EXCERPT_CHARS = 200
MAX_LISTED = 1000
# Bytes of stancegraph's output handed to Spark as one record.
CHUNK = 1 << 20


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="stancegraph_spark.py",
        description="Run stancegraph over a JSONL corpus on Spark and merge the shards.",
    )
    p.add_argument("--input", action="append", required=True, metavar="PATH",
                   help="JSONL corpus: file, folder or glob; local, hdfs:// or s3a:// "
                        "(repeatable). Recorded as the run's inputs in graph.json.")
    p.add_argument("--out", required=True, metavar="OUT",
                   help="output folder (local path or a Hadoop URI): edges/, graph/, summary.json")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="number of partitions (default: as Spark splits the input)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace OUT when it exists (by default the job refuses)")
    p.add_argument("--binary", metavar="PATH",
                   help="the stancegraph binary shipped to the executors "
                        "(default: stancegraph on PATH, else target/release/stancegraph)")
    p.add_argument("--master", metavar="URL",
                   help="Spark master when not started by spark-submit (e.g. local[2])")
    p.add_argument("--jobs-per-task", type=int, default=1, metavar="N",
                   help="stancegraph --jobs per task (match spark.task.cpus)")
    # Flags passed on to stancegraph.
    p.add_argument("--lexicons", metavar="DIR", help="stancegraph --lexicons (shipped)")
    p.add_argument("--outlets", metavar="CSV", help="stancegraph --outlets (shipped)")
    p.add_argument("--max-article-mb", type=int, metavar="MB", help="stancegraph --max-article-mb")
    p.add_argument("--level", choices=["actor", "country"], help="stancegraph merge --level")
    p.add_argument("--relations", metavar="LIST", help="stancegraph merge --relations")
    p.add_argument("--min-weight", type=int, metavar="N", help="stancegraph merge --min-weight")
    p.add_argument("--formats", metavar="LIST", default="json,dot,svg,csv,gexf,graphml",
                   help="stancegraph merge --formats")
    p.add_argument("--renderer", choices=["builtin", "system"], help="stancegraph merge --renderer")
    args = p.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    if args.jobs_per_task < 1:
        p.error("--jobs-per-task must be at least 1")
    return args


def find_binary(given):
    if given:
        path = os.path.abspath(given)
    else:
        path = shutil.which("stancegraph")
        if path is None:
            here = os.path.dirname(os.path.abspath(__file__))
            path = os.path.join(here, "..", "..", "target", "release", "stancegraph")
        path = os.path.abspath(path)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise UsageError(f"stancegraph binary not found or not executable: {path} (give --binary)")
    return path


class UsageError(Exception):
    pass


try:
    from pyspark.accumulators import AccumulatorParam
except ImportError:  # only --help works without pyspark
    AccumulatorParam = object


class ListParam(AccumulatorParam):
    """An accumulator of lists (the tasks' counts)."""

    def zero(self, value):
        return []

    def addInPlace(self, a, b):
        a.extend(b)
        return a


def is_local(uri):
    """A plain path (no scheme) is written directly; anything else through Hadoop."""
    return "://" not in uri and not uri.startswith("file:")


def extract_command(binary, opts):
    """The per-partition command; files shipped by addFile are found by name."""
    from pyspark import SparkFiles

    cmd = [binary, "extract", "-", "--quiet", "--jobs", str(opts["jobs"])]
    if opts["lexicons"]:
        cmd += ["--lexicons", SparkFiles.get(opts["lexicons"])]
    if opts["outlets"]:
        cmd += ["--outlets", SparkFiles.get(opts["outlets"])]
    if opts["max_article_mb"] is not None:
        cmd += ["--max-article-mb", str(opts["max_article_mb"])]
    return cmd


def run_partition(index, lines, opts):
    """Feeds one partition's lines to `stancegraph extract -` and yields
    (0, lines) per block of whole output lines (joined by newlines), then
    (1, stats): the partition's counts and its bad lines (line numbers
    within the partition)."""
    from pyspark import SparkFiles, TaskContext

    binary = SparkFiles.get(opts["binary"])
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)
    ctx = TaskContext.get()
    attempt = ctx.attemptNumber() if ctx is not None else 0
    inject = opts["fail_once"] == index and attempt == 0
    # A partition with no article (Spark makes empty ones) runs no
    # stancegraph, which would call its empty input an error.
    blank = 0
    first = None
    for line in lines:
        if line.strip():
            first = line
            break
        blank += 1
    if first is None:
        yield (1, {"partition": index, "attempt": attempt, "lines": blank,
                   "articles_read": 0, "skipped": 0, "relations": 0, "stances": 0,
                   "bad": [], "messages": []})
        return
    lines = itertools.chain([b""] * blank, [first], lines)
    proc = subprocess.Popen(extract_command(binary, opts), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fed = {"lines": 0, "articles": 0, "error": None}

    def feed():
        try:
            for line in lines:
                if isinstance(line, str):
                    line = line.encode("utf-8")
                fed["lines"] += 1
                if line.strip():
                    fed["articles"] += 1
                proc.stdin.write(line)
                proc.stdin.write(b"\n")
        except BrokenPipeError:
            pass
        except Exception as e:  # the input failed: fail the task, Spark retries it
            fed["error"] = e
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    errors = []

    def drain_stderr():
        for raw in proc.stderr:
            errors.append(raw.decode("utf-8", "replace").rstrip("\n"))

    feeder = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain_stderr, daemon=True)
    feeder.start()
    reader.start()
    relations = stances = 0

    def injected_failure():
        proc.kill()
        proc.wait()
        return RuntimeError(
            f"STANCEGRAPH_SPARK_FAIL_ONCE: partition {index}, attempt {attempt} killed")

    ended = False
    try:
        # Whole lines in blocks of about CHUNK bytes, one record each: the
        # text file Spark writes (record, newline) is the lines as they
        # came, at a fraction of the cost of a record per line.
        rest = b""
        while True:
            block = proc.stdout.read1(CHUNK)
            if not block:
                break
            block = rest + block
            cut = block.rfind(b"\n")
            if cut < 0:
                rest = block
                continue
            chunk, rest = block[:cut], block[cut + 1:]
            # The opening of a line: inside a line the quotes are escaped.
            relations += chunk.count(b'{"type":"relation"')
            stances += chunk.count(b'{"type":"stance"')
            if chunk:
                yield (0, chunk)
            if inject:
                raise injected_failure()
        if rest:
            relations += rest.count(b'{"type":"relation"')
            stances += rest.count(b'{"type":"stance"')
            yield (0, rest)
        if inject:
            raise injected_failure()
        ended = True
    finally:
        # Only a task given up (an error, or Spark closing the generator)
        # kills stancegraph; after its output ends it is waited for.
        if not ended and proc.poll() is None:
            proc.kill()
    rc = proc.wait()
    feeder.join()
    reader.join()
    if fed["error"] is not None:
        raise RuntimeError(f"partition {index}: reading its input failed: {fed['error']}")
    bad, other = [], []
    for e in errors:
        if e.startswith(STDIN_PROBLEM):
            number, _, message = e[len(STDIN_PROBLEM):].partition(":")
            if number.isdigit():
                bad.append({"partition": index, "line": int(number), "problem": message.strip()})
                continue
        other.append(e)
    # Exit 1 with every message a bad line: those articles are skipped, the
    # rest extracted. Anything else fails the task (Spark retries it).
    if rc not in (0, 1) or (rc == 1 and (other or not bad)):
        raise RuntimeError(
            f"partition {index}: stancegraph extract exited with {rc}: " + "\n".join(errors[-20:]))
    yield (1, {
        "partition": index,
        "attempt": attempt,
        "lines": fed["lines"],
        "articles_read": fed["articles"] - len(bad),
        "skipped": len(bad),
        "relations": relations,
        "stances": stances,
        "bad": bad[:MAX_LISTED],
        "messages": other,
    })


class Output:
    """OUT on the local disk or on any Hadoop file system (HDFS, S3, file://)."""

    def __init__(self, sc, uri):
        self.sc = sc
        self.uri = uri.rstrip("/") or uri
        self.local = is_local(uri)
        if not self.local:
            jvm = sc._jvm
            self.Path = jvm.org.apache.hadoop.fs.Path
            self.fs = self.Path(self.uri).getFileSystem(sc._jsc.hadoopConfiguration())

    def child(self, name):
        return os.path.join(self.uri, name) if self.local else self.uri + "/" + name

    def exists(self):
        return os.path.exists(self.uri) if self.local else self.fs.exists(self.Path(self.uri))

    def remove(self):
        if self.local:
            if os.path.isdir(self.uri) and not os.path.islink(self.uri):
                shutil.rmtree(self.uri)
            elif os.path.lexists(self.uri):
                os.remove(self.uri)
        else:
            self.fs.delete(self.Path(self.uri), True)

    def put(self, local_path, name):
        """Copies a local file or folder to OUT/name (replacing it)."""
        dest = self.child(name)
        if self.local:
            os.makedirs(self.uri, exist_ok=True)
            if os.path.isdir(local_path):
                if os.path.exists(dest):
                    shutil.rmtree(dest)
                shutil.copytree(local_path, dest)
            else:
                tmp = dest + ".tmp"
                shutil.copyfile(local_path, tmp)
                os.replace(tmp, dest)
        else:
            self.fs.delete(self.Path(dest), True)
            self.fs.copyFromLocalFile(False, True, self.Path(local_path), self.Path(dest))


def merge_command(binary, args, parts, out_dir):
    cmd = [binary, "merge", *parts, "--out", out_dir]
    for name in args.input:
        cmd += ["--input", name]
    if args.lexicons:
        cmd += ["--lexicons", args.lexicons]
    if args.level:
        cmd += ["--level", args.level]
    if args.relations:
        cmd += ["--relations", args.relations]
    if args.min_weight is not None:
        cmd += ["--min-weight", str(args.min_weight)]
    if args.formats:
        cmd += ["--formats", args.formats]
    if args.renderer:
        cmd += ["--renderer", args.renderer]
    return cmd


def excerpts(lines, wanted):
    """The start of each bad line, read again from the same partitions."""
    def pick(index, it):
        keys = wanted.get(index)
        if not keys:
            return
        for number, line in enumerate(it, 1):
            if number in keys:
                yield ((index, number), line[:EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS])
    return dict(lines.mapPartitionsWithIndex(pick).collect())


def main(argv):
    try:
        args = parse_args(argv)
        binary = find_binary(args.binary)
    except UsageError as e:
        print(f"stancegraph_spark: {e}", file=sys.stderr)
        return 2
    for flag, path in (("--lexicons", args.lexicons), ("--outlets", args.outlets)):
        if path and not os.path.exists(path):
            print(f"stancegraph_spark: {flag} {path}: no such file or folder", file=sys.stderr)
            return 2

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("stancegraph")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    try:
        return run(sc, args, binary)
    except UsageError as e:
        print(f"stancegraph_spark: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()


def run(sc, args, binary):
    out = Output(sc, args.out)
    if out.exists():
        if not args.overwrite:
            raise UsageError(f"{args.out} exists (give --overwrite to replace it)")
        out.remove()

    sc.addFile(binary)
    fail_once = os.environ.get("STANCEGRAPH_SPARK_FAIL_ONCE")
    opts = {
        "binary": os.path.basename(binary),
        "jobs": args.jobs_per_task,
        "lexicons": None,
        "outlets": None,
        "max_article_mb": args.max_article_mb,
        "fail_once": int(fail_once) if fail_once not in (None, "") else None,
    }
    if args.lexicons:
        sc.addFile(os.path.abspath(args.lexicons), recursive=os.path.isdir(args.lexicons))
        opts["lexicons"] = os.path.basename(os.path.abspath(args.lexicons))
    if args.outlets:
        sc.addFile(os.path.abspath(args.outlets))
        opts["outlets"] = os.path.basename(os.path.abspath(args.outlets))

    paths = ",".join(args.input)
    if args.partitions:
        lines = sc.textFile(paths, minPartitions=args.partitions, use_unicode=False)
        # textFile splits by bytes, at least N splits: adjacent ones are
        # joined (no shuffle); an input it cannot split (gzip) is spread.
        if lines.getNumPartitions() > args.partitions:
            lines = lines.coalesce(args.partitions)
        elif lines.getNumPartitions() < args.partitions:
            lines = lines.repartition(args.partitions)
    else:
        lines = sc.textFile(paths, use_unicode=False)

    # Each task's counts come back through an accumulator: Spark applies the
    # updates of successful tasks only; one record per partition is kept
    # all the same, should a task be run twice (speculation).
    collected = sc.accumulator([], ListParam())

    def task(index, it):
        for kind, payload in run_partition(index, it, opts):
            if kind == 0:
                yield payload
            else:
                collected.add([payload])

    shards = out.child("edges")
    started = time.monotonic()
    lines.mapPartitionsWithIndex(task).saveAsTextFile(shards)
    extracted = time.monotonic()
    by_partition = {}
    for s in collected.value:
        by_partition[s["partition"]] = s
    stats = [by_partition[k] for k in sorted(by_partition)]
    if len(stats) != lines.getNumPartitions():
        raise RuntimeError(f"{len(stats)} of {lines.getNumPartitions()} partitions reported counts")

    bad = [b for s in stats for b in s.pop("bad")]
    wanted = {}
    for b in bad:
        wanted.setdefault(b["partition"], set()).add(b["line"])
    if wanted:
        quoted = excerpts(lines, wanted)
        for b in bad:
            b["excerpt"] = quoted.get((b["partition"], b["line"]), "")

    with tempfile.TemporaryDirectory(prefix="stancegraph-spark-") as tmp:
        if out.local:
            parts = sorted(os.path.join(shards, n) for n in os.listdir(shards)
                           if n.startswith("part-"))
        else:
            # The shards as stored, streamed a partition at a time to the driver.
            local = os.path.join(tmp, "edges.jsonl")
            with open(local, "wb") as f:
                for line in sc.textFile(shards, use_unicode=False).toLocalIterator():
                    f.write(line)
                    f.write(b"\n")
            parts = [local]
        graph_dir = out.child("graph") if out.local else os.path.join(tmp, "graph")
        merge_started = time.monotonic()
        merged = subprocess.run(merge_command(binary, args, parts, graph_dir),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        merge_seconds = time.monotonic() - merge_started
        if merged.returncode != 0:
            sys.stderr.write(merged.stderr.decode("utf-8", "replace"))
            print("stancegraph_spark: stancegraph merge failed; the shards are in "
                  f"{shards}", file=sys.stderr)
            return 1
        if not out.local:
            out.put(graph_dir, "graph")

        summary = {
            "tool": "stancegraph_spark",
            "inputs": args.input,
            "partitions": len(stats),
            "articles_read": sum(s["articles_read"] for s in stats),
            "skipped": len(bad),
            "relations": sum(s["relations"] for s in stats),
            "stances": sum(s["stances"] for s in stats),
            "bad_lines": bad[:MAX_LISTED],
            "per_partition": stats,
        }
        path = os.path.join(tmp, "summary.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=2, sort_keys=True)
            f.write("\n")
        out.put(path, "summary.json")

    print(f"stancegraph_spark: {summary['articles_read']} articles read, "
          f"{summary['skipped']} skipped, {summary['relations']} relation mentions in "
          f"{summary['partitions']} partitions; graph in {out.child('graph')}",
          file=sys.stderr)
    # Seconds go to the log, not the summary, which stays the same bytes
    # for the same input.
    print(f"stancegraph_spark: extraction {extracted - started:.2f} s, "
          f"merge {merge_seconds:.2f} s", file=sys.stderr)
    for b in bad[:20]:
        print(f"stancegraph_spark: partition {b['partition']} line {b['line']}: {b['problem']}",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
