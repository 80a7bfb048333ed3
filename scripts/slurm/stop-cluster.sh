#!/usr/bin/env bash
# Stops the test cluster of scripts/slurm/start-cluster.sh: its slurmd, slurmctld and munged (by their
# pid files), and removes its configuration link; the state folder stays for reading its logs.
set -uo pipefail
STATE="${CAUSEWAY_SLURM_DIR:-/tmp/causeway-slurm}"
scancel --user=root >/dev/null 2>&1 || true
for pidfile in "$STATE/slurmd.pid" "$STATE/slurmctld.pid" "$STATE/munge/munged.pid"; do
  if [ -s "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
done
if [ -L /etc/slurm/slurm.conf ] && [ "$(readlink /etc/slurm/slurm.conf)" = "$STATE/slurm.conf" ]; then
  rm -f /etc/slurm/slurm.conf
fi
echo "SLURM test cluster stopped"
