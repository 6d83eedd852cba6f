#!/bin/sh
# `casework`: Casework's command, run exactly as the service runs it: as the user @USER@,
# with only the settings of @ENV_FILE@ (the file the systemd units read), whatever the
# shell that calls it has set. Written by `casework deploy install`.
set -e
run="@VENV@/bin/casework --env-file @ENV_FILE@"
clean="env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME=/"
if [ "$(id -un)" = "@USER@" ]; then
    exec $clean $run "$@"
elif [ "$(id -u)" = 0 ]; then
    exec $clean /usr/sbin/runuser -u @USER@ -- $run "$@"
else
    echo "casework: run it as root (sudo casework ...) or as the user @USER@." >&2
    exit 1
fi
