from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comparison", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="comparisondataset",
            name="ignored_columns",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="comparisondataset",
            name="file_format",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AddField(
            model_name="comparisondataset",
            name="synthetic",
            field=models.BooleanField(default=False, verbose_name="synthetic"),
        ),
        migrations.AlterField(
            model_name="comparisonrecord",
            name="datasource",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AlterField(
            model_name="comparisonrecord",
            name="gender",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name="comparisonrecord",
            name="age_broad",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="comparisonrecord",
            name="majority_status",
            field=models.CharField(blank=True, max_length=20),
        ),
    ] + [
        migrations.AddField(
            model_name="comparisonrecord",
            name=f"{family}_{part}",
            field=models.IntegerField(default=0),
        )
        for family in ("exploit", "control", "labour", "sex", "recruiter")
        for part in ("yes", "known")
    ]
