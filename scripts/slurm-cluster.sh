#!/usr/bin/env bash
# A single-node Slurm cluster for the tests: scripts/slurm-cluster.sh start|stop|env
#
#   start  installs slurmctld, slurmd, slurm-client and munge when missing (apt), writes a
#          configuration under $LADDER_SLURM_DIR (default /tmp/ladder-slurm), starts its own
#          munged, slurmctld and slurmd, records their pids, and waits until the node is idle.
#          On success it prints `export SLURM_CONF=...` (eval it, or use `env`).
#   stop   stops the daemons whose pids `start` recorded, and only those.
#   env    prints `export SLURM_CONF=...` when a cluster started by this script is up.
#
# Facts it relies on (Debian 12, Slurm 22.05): select/cons_tres with CR_Core_Memory and
# DefMemPerCPU (else each job takes the node's whole memory and jobs run one at a time);
# proctrack/linuxproc and task/none need no cgroups; a character device made with mknod
# stands in for a GPU so --gpus=1 schedules. Exit status 0 only when the cluster works.
set -uo pipefail
DIR="${LADDER_SLURM_DIR:-/tmp/ladder-slurm}"
CONF="$DIR/slurm.conf"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

say() { echo "slurm-cluster: $*" >&2; }

stop() {
  [ -f "$DIR/pids" ] || { say "nothing recorded in $DIR/pids"; return 0; }
  # Reverse start order: slurmd, slurmctld, munged.
  tac "$DIR/pids" | while read -r name pid; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "$name" "/proc/$pid/comm" 2>/dev/null; then
      $SUDO kill "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && $SUDO kill -9 "$pid" 2>/dev/null
      say "stopped $name ($pid)"
    fi
  done
  rm -f "$DIR/pids"
}

install() {
  local missing=""
  for p in slurmctld slurmd slurm-client munge; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  [ -z "$missing" ] && return 0
  say "installing:$missing"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing; } >"$DIR/apt.log" 2>&1 \
    || { say "apt-get could not install$missing (see $DIR/apt.log)"; return 1; }
}

# Starts a daemon that stays in the foreground (-D) in the background and records its pid.
launch() {
  local name="$1"; shift
  $SUDO "$@" >>"$DIR/$name.out" 2>&1 &
  local pid=$!
  sleep 0.3
  # With sudo the recorded pid is sudo's; the daemon is its child.
  if [ -n "$SUDO" ]; then pid=$(pgrep -P "$pid" | head -n 1); fi
  echo "$name $pid" >>"$DIR/pids"
}

start() {
  export SLURM_CONF="$CONF"
  if [ -f "$DIR/pids" ]; then
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then say "already up"; env_line; return 0; fi
    say "a cluster recorded in $DIR/pids does not answer; stopping what is left of it"
    stop
  fi
  mkdir -p "$DIR"
  install || return 1
  for b in munged slurmctld slurmd sinfo sbatch; do
    command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || { say "$b is missing after installation"; return 1; }
  done
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" "$DIR/dev"
  chmod 700 "$DIR/munge"
  [ -f "$DIR/munge/munge.key" ] || { dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" 2>/dev/null; chmod 400 "$DIR/munge/munge.key"; }
  local cpus mem gres=""
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
  if [ -c "$DIR/dev/gpu0" ] || $SUDO mknod "$DIR/dev/gpu0" c 195 0 2>/dev/null; then
    gres="Gres=gpu:1"
    echo "NodeName=localhost Name=gpu File=$DIR/dev/gpu0" >"$DIR/gres.conf"
  fi
  cat >"$CONF" <<CONF
ClusterName=ladder-ci
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=500
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
MinJobAge=600
${gres:+GresTypes=gpu}
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem $gres State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$CONF"
  : >"$DIR/pids"
  launch munged "$(command -v munged || echo /usr/sbin/munged)" -F --force --socket="$DIR/munge/munge.socket" \
    --key-file="$DIR/munge/munge.key" --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" \
    --seed-file="$DIR/munge/munged.seed"
  launch slurmctld env SLURM_CONF="$CONF" "$(command -v slurmctld || echo /usr/sbin/slurmctld)" -D -i -f "$CONF"
  launch slurmd env SLURM_CONF="$CONF" "$(command -v slurmd || echo /usr/sbin/slurmd)" -D -N localhost -f "$CONF"
  for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      say "up: $(sinfo -h -o '%P %D %T %c cpus %m MB %G' 2>/dev/null)"
      env_line
      return 0
    fi
    sleep 0.5
  done
  say "the node did not become idle; logs in $DIR (slurmctld.log, slurmd.log, munge/munged.log)"
  tail -n 5 "$DIR"/*.out "$DIR/slurmctld.log" "$DIR/slurmd.log" 2>/dev/null >&2
  stop
  return 1
}

env_line() { echo "export SLURM_CONF=$CONF"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) [ -f "$DIR/pids" ] && env_line ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
