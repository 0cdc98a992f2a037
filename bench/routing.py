"""Routing as the phone system calls it: `POST /api/v1/telephony/route` on the production server
(gunicorn, DEBUG off, 4 workers) with 300 agents, and its floor measured in the same run: pgbench
running the same claim statement at the same concurrency (PostgreSQL).

Each requester is a thread with its own keep-alive HTTP connection and its own database
connection. When a decision names an agent, the requester releases that agent at once with one
SQL statement (the bench's stand-in for the call ending and the agent becoming free again):

    UPDATE telephony_agent SET state = 'available', ... WHERE id = <agent> AND current_call_id = <call>
        AND state = 'ringing'

so that 300 agents can serve a run of any length. The pgbench script does the same: the claim
statement (routing._CLAIM_SQL, read at run time; %(now)s becomes now(), the other parameters
pgbench variables: \\set call random(...), -D queue=..., -D today=...), then the same release.
Between phases every agent is reset to available directly in the database and the agent tables
are vacuumed, so each phase starts from the same state.

Double assignments are counted two ways, both must be 0:
  - in the database: the release of a decision finds the agent no longer ringing for that call
    (another decision took it meanwhile);
  - by the requesters: an agent named while an earlier decision still holds it (an agent leaves
    the held set just before its release, so no false alarm).
Also checked: every 200 booked one 'ringing' span (AgentStateChange) in the database.

Phases: open loop at --rate decisions/s (latency counted from when the request was due, so a
late requester is charged for it), pgbench floor, saturation (each requester sends again at once).
Goals from the issue: p99 < 10 ms at 50 decisions/s offered; saturation >= 0.3 of the floor;
0 double assignments.
Usage: python bench/routing.py [--agents 300] [--requesters 16] [--rate 50] [--seconds 15]
"""

import argparse
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from _server import CpuMeter, Server, cpu_line
from _setup import percentile, pg_url, phone_system_token, setup

QUEUE = "pensionid"
PATH = "/api/v1/telephony/route"
RELEASE_SQL = (
    "UPDATE telephony_agent SET state = 'available', current_call_id = '', ringing_until = NULL, "
    "idle_since = now() WHERE id = {id} AND current_call_id = {call} AND state = 'ringing'"
)
RESET_SQL = """
UPDATE telephony_agent SET state = 'available', state_reason = '', current_call_id = '',
    ringing_until = NULL, state_since = now(), idle_since = now() - id * interval '1 ms';
UPDATE telephony_agentstatechange SET ended_at = now() WHERE ended_at IS NULL;
"""
# Tables the claim writes besides the agent's (those present in this version of the schema).
CLAIM_TABLES = ["telephony_agentstatechange", "telephony_agentstatedirty"]


def pgbench_path() -> str | None:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"), reverse=True)
    return str(candidates[0]) if candidates else None


def pgbench_script() -> str:
    """The routing claim statement as a pgbench script, followed by the same release."""
    from teenindus.telephony import routing

    claim = getattr(routing, "_CLAIM_SQL", None)
    if claim is None:
        raise RuntimeError("teenindus.telephony.routing._CLAIM_SQL not found: the floor cannot be measured")
    names = set(re.findall(r"%\((\w+)\)s", claim))
    unknown = names - {"queue", "now", "call", "today"}
    if unknown:
        raise RuntimeError(f"the claim statement has parameters the bench does not know: {sorted(unknown)}")
    sql = claim.replace("%(now)s", "now()")
    sql = re.sub(r"%\((\w+)\)s", r":\1", sql).replace("%%", "%")
    sql = "\n".join(line for line in sql.strip().splitlines() if not line.strip().startswith("--"))
    release = RELEASE_SQL.format(id=":c_id", call=":call")
    return f"\\set call random(1, 2000000000)\n{sql} \\gset c_\n{release};\n"


def reset(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(RESET_SQL)
        tables = ["telephony_agent"]
        tables += [t for t in CLAIM_TABLES if conn.execute("SELECT to_regclass(%s)", (t,)).fetchone()[0]]
        if "telephony_agentstatedirty" in tables:
            conn.execute("DELETE FROM telephony_agentstatedirty")
        conn.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def ringing_spans(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM telephony_agentstatechange WHERE state = 'ringing' AND source = 'routing'"
        ).fetchone()[0]


def http_phase(server, url: str, token: str, ids: dict[str, int], *, label, requesters, seconds, rate):
    """Route calls for `seconds` (open loop at `rate`/s, or back to back when rate is 0)."""
    import psycopg

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    counter = itertools.count()
    lock = threading.Lock()
    held: set[str] = set()
    out = {"latencies": [], "statuses": {}, "doubles_db": 0, "doubles_seen": 0, "errors": []}
    barrier = threading.Barrier(requesters + 1)
    clock = {}

    def requester() -> None:
        conn = server.connection()
        db = psycopg.connect(url, autocommit=True)
        release = RELEASE_SQL.format(id="%s", call="%s")
        latencies, statuses = [], {}
        doubles_db = doubles_seen = 0
        barrier.wait()
        start, end = clock["start"], clock["end"]
        while True:
            k = next(counter)
            if rate:
                due = start + k / rate
                if due >= end:
                    break
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                began = due
            else:
                began = time.perf_counter()
                if began >= end:
                    break
            call_id = f"{label}-{k}"
            body = json.dumps({"call_id": call_id, "queue": QUEUE}).encode()
            try:
                conn.request("POST", PATH, body, headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except OSError as exc:
                conn.close()
                status, data = 599, repr(exc).encode()
            latencies.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200:
                with lock:
                    out["errors"].append(f"{status} {data[:200]!r}")
                continue
            extension = json.loads(data)["extension"]
            with lock:
                if extension in held:
                    doubles_seen += 1
                held.add(extension)
            # Leaves the held set before its release (until then nobody may be given it).
            with lock:
                held.discard(extension)
            released = db.execute(release, (ids[extension], call_id), prepare=True).rowcount
            if released != 1:
                doubles_db += 1
        conn.close()
        db.close()
        with lock:
            out["latencies"] += latencies
            for status, n in statuses.items():
                out["statuses"][status] = out["statuses"].get(status, 0) + n
            out["doubles_db"] += doubles_db
            out["doubles_seen"] += doubles_seen

    threads = [threading.Thread(target=requester) for _ in range(requesters)]
    for thread in threads:
        thread.start()
    clock["start"] = time.perf_counter() + 0.05
    clock["end"] = clock["start"] + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    out["elapsed"] = max(time.perf_counter() - clock["start"], 1e-9)
    return out


def pgbench_floor(url: str, *, clients: int, seconds: float) -> dict:
    from django.utils import timezone

    binary = pgbench_path()
    if binary is None:
        return {"missing": True}
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="bench-routing-", delete=False) as handle:
        handle.write(pgbench_script())
        script = handle.name
    command = [
        binary,
        "-n",
        "-M",
        "prepared",
        "-c",
        str(clients),
        "-j",
        str(min(2, clients)),
        "-T",
        str(int(seconds)),
    ]
    command += ["-D", f"queue={QUEUE}", "-D", f"today={timezone.localdate().isoformat()}", "-f", script, url]
    done = subprocess.run(command, capture_output=True, text=True)
    Path(script).unlink(missing_ok=True)
    tps = re.search(r"tps = ([\d.]+)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    if done.returncode != 0 or tps is None:
        return {"error": (done.stderr or done.stdout)[-600:]}
    return {
        "tps": float(tps.group(1)),
        "latency": float(latency.group(1)) if latency else float("nan"),
        "failed": int(failed.group(1)) if failed else 0,
    }


def report(label: str, out: dict, *, goal: str) -> float:
    ms = [x * 1000 for x in out["latencies"]]
    decisions = out["statuses"].get(200, 0)
    rate = decisions / out["elapsed"]
    others = {s: n for s, n in sorted(out["statuses"].items()) if s != 200}
    print(
        f"  {label:<22} {decisions:>6} decisions  {rate:7.0f}/s  p50 {percentile(ms, 50):6.2f} ms  "
        f"p99 {percentile(ms, 99):7.2f} ms  max {max(ms, default=float('nan')):7.2f} ms  "
        f"other statuses {others or 0}  doubles {out['doubles_db']} (db) {out['doubles_seen']} (seen)  {goal}"
    )
    print(f"  {'':<22} {cpu_line(out['cpu'], sum(out['statuses'].values()))}")
    for error in sorted(set(out["errors"]))[:3]:
        print(f"  {'':<22} e.g. {error}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--requesters", type=int, default=16, help="concurrent requesters = pgbench clients")
    parser.add_argument("--rate", type=float, default=50, help="open loop, decisions per second offered")
    parser.add_argument("--seconds", type=float, default=15, help="length of each phase")
    parser.add_argument("--workers", type=int, default=4, help="server workers")
    args = parser.parse_args()
    url = pg_url("bench_routing")
    setup(url)

    from django.db import connections

    from teenindus.telephony.models import Agent, AgentSkill, Queue

    queue = Queue.objects.create(name=QUEUE)
    agents = Agent.objects.bulk_create(
        [Agent(name=f"Agent {i}", extension=str(1000 + i)) for i in range(args.agents)]
    )
    AgentSkill.objects.bulk_create([AgentSkill(agent=a, queue=queue) for a in agents])
    ids = dict(Agent.objects.values_list("extension", "id"))
    token = phone_system_token()
    connections.close_all()
    print(
        f"routing through the production server (Granian, {args.workers} workers, DEBUG off), PostgreSQL, "
        f"{args.agents} agents, "
        f"{args.requesters} concurrent requesters; floor: pgbench, same statement, {args.requesters} clients"
    )
    if pgbench_path() is None:
        print("  pgbench not found (Debian: apt-get install postgresql-contrib): the floor is not measured")
    phases = dict(requesters=args.requesters, seconds=args.seconds)
    with Server(url, workers=args.workers, name="routing") as server:
        reset(url)
        http_phase(server, url, token, ids, label="warm", requesters=args.requesters, seconds=3, rate=0)
        reset(url)
        spans = [ringing_spans(url)]
        meter = CpuMeter(server, url).start()
        before = len(server.request_durations(PATH))
        open_loop = http_phase(server, url, token, ids, label="open", rate=args.rate, **phases)
        open_loop["cpu"] = meter.stop()
        open_loop["inside"] = server.request_durations(PATH, skip=before)
        spans.append(ringing_spans(url))
        reset(url)
        floor = pgbench_floor(url, clients=args.requesters, seconds=args.seconds)
        reset(url)
        spans.append(ringing_spans(url))
        meter = CpuMeter(server, url).start()
        saturation = http_phase(server, url, token, ids, label="sat", rate=0, **phases)
        saturation["cpu"] = meter.stop()
        spans.append(ringing_spans(url))
    p99 = percentile([x * 1000 for x in open_loop["latencies"]], 99)
    report(f"open loop {args.rate:.0f}/s", open_loop, goal=f"p99/goal(10 ms) {p99 / 10:.2f}")
    inside = open_loop["inside"]
    figures = f"p50 {percentile(inside, 50):.1f} ms  p99 {percentile(inside, 99):.1f} ms"
    print(
        f"  {'':<22} inside Django (request log, {len(inside)} requests): {figures}  "
        f"max {max(inside, default=0):.1f} ms; the rest of the client's figure is the server, "
        "loopback TCP and the bench client"
    )
    if floor.get("missing"):
        print("  pgbench floor          not measured (pgbench missing)")
    elif "error" in floor:
        print(f"  pgbench floor          failed: {floor['error']}")
    else:
        print(
            f"  pgbench floor          {floor['tps']:7.0f} claims+releases/s  latency average "
            f"{floor['latency']:.2f} ms  failed {floor['failed']}"
        )
    rate = report("saturation", saturation, goal="")
    if "tps" in floor:
        ratio = rate / floor["tps"]
        print(f"  saturation / floor     {ratio:.2f}  (goal >= 0.3: ratio to goal {ratio / 0.3:.2f})")
    decisions = open_loop["statuses"].get(200, 0) + saturation["statuses"].get(200, 0)
    booked = (spans[1] - spans[0]) + (spans[3] - spans[2])
    doubles = sum(o["doubles_db"] + o["doubles_seen"] for o in (open_loop, saturation))
    print(
        f"  double assignments     {doubles} (goal 0)  "
        f"ringing spans booked {booked} for {decisions} decisions"
    )


if __name__ == "__main__":
    main()
