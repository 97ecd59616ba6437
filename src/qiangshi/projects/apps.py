from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "qiangshi.projects"
    verbose_name = "项目"
