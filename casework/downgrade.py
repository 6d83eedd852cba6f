"""`casework db downgrade`: refused while going back would drop tables or columns that hold
data (attachment records, the access log's command-line actors...), unless --force is given.

What a step back drops is read from its migration's own downgrade(): op.drop_table,
op.drop_column, batch_op.drop_column inside `with op.batch_alter_table(...)`, and
`ALTER TABLE ... DROP COLUMN` / `DROP TABLE` statements passed to op.execute.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from dataclasses import dataclass

import click
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from flask_migrate import downgrade as migrate_downgrade
from flask_migrate.cli import db as migrate_db_group
from sqlalchemy import column, func, select, table
from sqlalchemy import inspect as inspect_schema

from casework.extensions import db

DROP_COLUMN_SQL = re.compile(r"ALTER\s+TABLE\s+\"?(\w+)\"?\s+DROP\s+COLUMN\s+\"?(\w+)\"?", re.I)
DROP_TABLE_SQL = re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?\"?(\w+)\"?", re.I)


@dataclass(frozen=True)
class Dropped:
    """A table, or a table's column, that a step back removes."""

    table: str
    column: str | None = None

    def __str__(self) -> str:
        return f"column {self.table}.{self.column}" if self.column else f"table {self.table}"


def _literal(node: ast.AST) -> str | None:
    """A string constant, or None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _batch_tables(tree: ast.AST) -> dict[str, str]:
    """`with op.batch_alter_table('t') as name:` -> {name: 't'}."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "batch_alter_table" and call.args
                        and isinstance(item.optional_vars, ast.Name)):
                    name = _literal(call.args[0])
                    if name:
                        found[item.optional_vars.id] = name
    return found


def drops_of(function) -> list[Dropped]:
    """The tables and columns a migration's downgrade() removes, read from its source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    batches, found = _batch_tables(tree), []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
        args = [_literal(a) for a in node.args]
        if node.func.attr == "drop_table" and args and args[0]:
            found.append(Dropped(args[0]))
        elif node.func.attr == "drop_column" and owner in batches and args and args[0]:
            found.append(Dropped(batches[owner], args[0]))
        elif node.func.attr == "drop_column" and len(args) > 1 and args[0] and args[1]:
            found.append(Dropped(args[0], args[1]))
        elif node.func.attr == "execute" and args and args[0]:
            found += [Dropped(t, c) for t, c in DROP_COLUMN_SQL.findall(args[0])]
            found += [Dropped(t) for t in DROP_TABLE_SQL.findall(args[0])]
    return found


def steps_back(target: str, directory: str | None = None) -> list:
    """The migrations a downgrade to `target` undoes, newest first."""
    config = current_app.extensions["migrate"].migrate.get_config(directory)
    script = ScriptDirectory.from_config(config)
    with db.engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    # Alembic's own resolution of "-1", "base", an id or a prefix, as `downgrade` uses it.
    return [step.revision for step in script._downgrade_revs(target, heads)]


def data_at_risk(target: str, directory: str | None = None) -> list[tuple[Dropped, int]]:
    """What going back to `target` would drop that holds rows or values, with the counts."""
    drops = list(dict.fromkeys(dropped for revision in steps_back(target, directory)
                               for dropped in drops_of(revision.module.downgrade)))
    risks = []
    # One connection for the whole look (on SQLite a second one would wait for its lock),
    # closed before the migrations run.
    with db.engine.connect() as conn:
        schema = inspect_schema(conn)
        tables = set(schema.get_table_names())
        for dropped in drops:
            if dropped.table not in tables:
                continue
            query = select(func.count()).select_from(table(dropped.table))
            if dropped.column:
                if dropped.column not in {c["name"] for c in schema.get_columns(dropped.table)}:
                    continue
                query = query.where(column(dropped.column).is_not(None))
            count = conn.scalar(query) or 0
            if count:
                risks.append((dropped, count))
        conn.rollback()
    return risks


@click.command("downgrade")
@click.option("-d", "--directory", default=None, help="Migration script directory.")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it (checks nothing).")
@click.option("--tag", default=None, help="Arbitrary tag for custom env.py scripts.")
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments for env.py scripts.")
@click.option("--force", is_flag=True,
              help="Go back even though tables or columns holding data are dropped.")
@click.argument("revision", default="-1")
@with_appcontext
def downgrade_command(directory, sql, tag, x_arg, force, revision) -> None:
    """Go back to an earlier schema; refused while that drops data, unless --force."""
    directory = directory or g.get("directory")
    if not sql:
        risks = data_at_risk(revision, directory)
        if risks and not force:
            lines = "\n".join(f"  {dropped}: {count} row(s) with data" for dropped, count in risks)
            raise click.ClickException(
                f"Refused: going back to {revision} would delete data for good:\n{lines}\n"
                "Nothing was changed. Take a backup first (`casework backup create PATH`); "
                "restoring that backup is the safe way back. To drop the data anyway, run "
                "the same command with --force.")
        for dropped, count in risks:
            click.echo(f"--force: dropping {dropped} ({count} row(s) with data).", err=True)
    migrate_downgrade(directory, revision, sql, tag, x_arg or g.get("x_arg"))


def guarded_db_group() -> click.Group:
    """Flask-Migrate's `db` group with the guarded downgrade in place of its own."""
    return click.Group(
        name="db", callback=migrate_db_group.callback, params=migrate_db_group.params,
        help=migrate_db_group.help,
        commands={**migrate_db_group.commands, "downgrade": downgrade_command})


def register_commands(app: Flask) -> None:
    """Replace `db` (added by Flask-Migrate) with the guarded group."""
    app.cli.add_command(guarded_db_group(), name="db")
