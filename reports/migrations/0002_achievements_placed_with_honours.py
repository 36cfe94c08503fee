"""Honours and achievements were one block of figures; now they are two. A report whose
secretary placed the old block keeps both halves where he put it."""

from django.db import migrations


def place_achievements_with_honours(apps, schema_editor):
    AnnualReport = apps.get_model("reports", "AnnualReport")
    for report in AnnualReport.objects.filter(placements__has_key="honours"):
        if "achievements" not in report.placements:
            report.placements["achievements"] = report.placements["honours"]
            report.save(update_fields=["placements"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(place_achievements_with_honours, migrations.RunPython.noop),
    ]
