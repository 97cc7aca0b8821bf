#!/usr/bin/env bash
# A real Slurm test: installs a one-node Slurm from Debian's packages (if
# missing), starts munged, slurmctld and slurmd, runs a bundled scenario as
# a 4-shard job array with its dependent merge job (`downtime slurm
# --submit`), checks that the merged CSV files are byte-identical to a
# one-machine run, and stops the daemons by PID. Needs root and apt (as on
# CI); recipe in the project's docs (README, "Running on a cluster").
#
# Usage: bash tests/slurm/run.sh [path/to/downtime]
set -euo pipefail
T0=$(date +%s)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOWNTIME=$(realpath "${1:-$ROOT/target/debug/downtime}")
W=${SLURM_WORK:-/tmp/downtime-slurm}
[ -x "$DOWNTIME" ] || { echo "no downtime binary at $DOWNTIME (cargo build first)"; exit 1; }

# ---- 1. install ------------------------------------------------------------
if ! command -v slurmctld >/dev/null 2>&1 || [ ! -x /usr/sbin/munged ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
echo "slurm installed after $(( $(date +%s) - T0 ))s"

# ---- 2. munge --------------------------------------------------------------
[ -s /etc/munge/munge.key ] || /usr/sbin/mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
if ! munge -n >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
fi
munge -n | unmunge >/dev/null

# ---- 3. slurm.conf: one node, this machine --------------------------------
H=$(hostname -s)
NCPU=$(nproc)
MEM=$(( $(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo) * 9 / 10 ))
rm -rf "$W"
mkdir -p "$W/state" "$W/spool" "$W/log" /etc/slurm
cat > /etc/slurm/slurm.conf <<EOF
ClusterName=downtime-test
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
NodeName=$H NodeAddr=127.0.0.1 CPUs=$NCPU RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
EOF

# ---- 4. start, and always stop by PID ---------------------------------------
stop_daemons() {
  local f pid _
  for f in "$W/slurmd.pid" "$W/slurmctld.pid" /run/munge/munged.pid; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do
      case "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" in ''|Z) break ;; esac
      sleep 0.2
    done
  done
}
trap stop_daemons EXIT
slurmctld
slurmd
for _ in $(seq 30); do
  [ "$(sinfo -h -n "$H" -o %T 2>/dev/null)" = idle ] && break
  sleep 1
done
sinfo
echo "slurm up after $(( $(date +%s) - T0 ))s"

# ---- 5. the study: 4 shards + merge, submitted by downtime itself -----------
QUICK=(--set calendar.warm_up_days=3 --set calendar.follow_up_days=5 --set calendar.days_before_attack=2)
cd "$W"
"$DOWNTIME" slurm single-trust-it-outage -n 12 --seed 17 --shards 4 --out "$W/study" "${QUICK[@]}" --submit | tee "$W/submit.out"
ARRAY=$(awk '/^array job/{print $3}' "$W/submit.out")
MERGE=$(awk '/^merge job/{print $3}' "$W/submit.out")
[ -n "$ARRAY" ] && [ -n "$MERGE" ] || { echo "no job ids"; exit 1; }
for _ in $(seq 180); do
  squeue -h -j "$ARRAY,$MERGE" 2>/dev/null | grep -q . || break
  sleep 1
done
bad=$(scontrol -o show job "$ARRAY" | grep -vc 'JobState=COMPLETED' || true)
[ "$bad" -eq 0 ] || { echo "array task failed"; scontrol -o show job "$ARRAY"; cat "$W"/study/logs/*.out; exit 1; }
ok=$(scontrol -o show job "$MERGE" | grep -c 'JobState=COMPLETED' || true)
[ "$ok" -eq 1 ] || { echo "merge job did not complete"; scontrol -o show job "$MERGE"; cat "$W"/study/logs/*.out; exit 1; }
echo "array $ARRAY and merge $MERGE completed after $(( $(date +%s) - T0 ))s"

# ---- 6. the same run on one machine: the CSV files must be identical --------
"$DOWNTIME" run single-trust-it-outage -n 12 --seed 17 "${QUICK[@]}" --out "$W/single" --quiet >/dev/null
for f in summary.csv replications.csv daily.csv organisations.csv; do
  cmp "$W/single/$f" "$W/study/run/$f"
done
echo "merged CSVs byte-identical to a one-machine run"
echo "slurm test passed in $(( $(date +%s) - T0 ))s"
