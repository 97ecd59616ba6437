from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qiangshi.accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from django.db.models.signals import post_migrate

        from qiangshi.accounts import audit, roles

        audit.connect()
        # Not limited to this app: the permissions of apps migrated after accounts exist
        # only once their own post_migrate has run.
        post_migrate.connect(roles.roles_sync_after_migrate, dispatch_uid="qiangshi_roles")
