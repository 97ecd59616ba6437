from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = "企业数据：导入年度数据（工作表“年度数据”）与月度累计数据（工作表“月度数据”），按企业+年份更新。"
    importer = staticmethod(fact_import)
