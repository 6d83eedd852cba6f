"""Commands of the regions domain."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from casework.regions.catalogue import data_dir
from casework.regions.errors import RegionDataError
from casework.regions.refresh import install, read_source

regions_group = AppGroup("regions", help="The list of Indonesian regions (Kemendagri codes).")


@regions_group.command("refresh")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the list to (default: the one the app reads).")
def refresh_command(source: Path, into: Path | None) -> None:
    """Install the region list from an idn-area-data npm tarball or unpacked folder."""
    try:
        texts, manifest = read_source(source)
        counts = install(texts, manifest, str(source.name), into or data_dir())
    except RegionDataError as exc:
        raise click.ClickException(f"{exc}. The installed list was not changed.") from None
    except OSError as exc:
        # An installed package's folder is the venv owner's: the service user may not write it.
        raise click.ClickException(
            f"cannot write the region list ({exc.strerror}): use --into a folder the service "
            "user owns, then set REGIONS_DATA_DIR to it in instance/config.py (docs/regions.md).") from None
    click.echo(f"region list {manifest.get('version', '?')} installed: "
               + ", ".join(f"{count} {level}" for level, count in counts.items()))


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
    app.cli.add_command(regions_group)
