from qiangshi.dataio.command import ImportCommand
from qiangshi.enterprises.registry_import import enterprise_import


class Command(ImportCommand):
    help = "企业名录：导入企业（工作表“企业”）与荣誉资质（工作表“荣誉资质”），按统一社会信用代码更新。"
    import_help = "导入企业、荣誉资质与用地地块（.xlsx/.csv）"
    importer = staticmethod(enterprise_import)
