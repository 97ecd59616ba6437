from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "qiangshi.jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Each domain app declares its job kinds in <app>/tasks.py; importing them here makes
        # the web process (which starts jobs) and the worker (which runs them) know the same kinds.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
