import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import TruncDate


def entries_valid_from_their_entry_day(apps, schema_editor):
    """An entry made before entries had dates holds from the day it was entered (in the
    platform's time zone), as a new one does by default."""
    entries = apps.get_model("cultivation", "TierItemEntry")
    entries.objects.update(valid_from=TruncDate("entered_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('cultivation', '0004_tier_item_entries'),
        ('enterprises', '0002_tier_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='tieritementry',
            name='valid_from',
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name='起始日期'),
        ),
        migrations.AddField(
            model_name='tieritementry',
            name='valid_until',
            field=models.DateField(blank=True, help_text='得分不再成立的最后一天（证书到期等）；空为长期有效', null=True, verbose_name='截止日期'),
        ),
        migrations.RunPython(entries_valid_from_their_entry_day, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='tieritementry',
            constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='tier_entry_valid_span'),
        ),
    ]
