"""Refuse UPDATE on the audit table in the database itself, not only in the ORM.

DELETE stays possible at the database level so that an administrator can apply
a retention rule and Django's test flush works; the application never deletes.
"""

from django.db import migrations

SQLITE = """
CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
BEGIN SELECT RAISE(ABORT, 'audit log rows cannot be changed'); END;
"""
POSTGRESQL = """
CREATE OR REPLACE FUNCTION accounts_auditevent_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit log rows cannot be changed'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_refuse_update();
"""
DROP = {
    "sqlite": "DROP TRIGGER IF EXISTS accounts_auditevent_no_update;",
    "postgresql": (
        "DROP TRIGGER IF EXISTS accounts_auditevent_no_update ON accounts_auditevent;"
        "DROP FUNCTION IF EXISTS accounts_auditevent_refuse_update();"
    ),
}


def create(apps, schema_editor):
    sql = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    sql = DROP.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
