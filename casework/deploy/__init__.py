"""What an operator installs beside Casework: systemd units and timers, the `casework`
command that runs as the service does, and its settings file (docs/deployment.md)."""
