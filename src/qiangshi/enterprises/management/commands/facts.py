from qiangshi.dataio.command import ImportCommand
from qiangshi.enterprises.fact_import import fact_import


class Command(ImportCommand):
    help = "企业数据：导入年度数据（工作表“年度数据”）与月度累计数据（工作表“月度数据”），按企业+年份更新。"
    import_help = "导入年度数据与月度累计数据（.xlsx/.csv）"
    importer = staticmethod(fact_import)
