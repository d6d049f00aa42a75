from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="release",
            name="file_type",
            field=models.CharField(default="csv", max_length=4, verbose_name="file type"),
        ),
        migrations.AddField(
            model_name="release",
            name="vault_name",
            field=models.CharField(blank=True, max_length=80),
        ),
    ]
