"""Partners belong to a headquarters (the top of an organization tree) instead of one
directory shared by every company. A partner linked from branches of several
headquarters is copied into each, and each headquarters' records point at its own copy."""

import django.db.models.deletion
from django.db import migrations, models

# Tables whose rows name partners, with the field leading to the branch.
LINKS = [
    ("branches", "Organization", "partners", "path"),
    ("activities", "Meeting", "partners", "branch__path"),
    ("activities", "Activity", "partners", "branch__path"),
]


def _root(path):
    return int(path.strip("/").split("/")[0])


def assign_headquarters(apps, schema_editor):
    Partner = apps.get_model("branches", "PartnerOrganization")
    Organization = apps.get_model("branches", "Organization")
    oldest_root = Organization.objects.filter(parent=None).order_by("pk").first()
    for partner in Partner.objects.order_by("pk"):
        uses = {}  # root id -> [(model, record pk)]
        for app_label, model_name, field, path_field in LINKS:
            model = apps.get_model(app_label, model_name)
            for pk, path in model.objects.filter(**{field: partner}).values_list("pk", path_field):
                uses.setdefault(_root(path), []).append((model, field, pk))
        roots = sorted(uses) or ([oldest_root.pk] if oldest_root else [])
        if not roots:
            partner.delete()  # no organization at all: nobody could ever see it
            continue
        partner.headquarters_id = roots[0]
        partner.save(update_fields=["headquarters"])
        for root in roots[1:]:
            copy = Partner.objects.create(
                headquarters_id=root,
                name=partner.name,
                description=partner.description,
                contact_person=partner.contact_person,
                contact_phone=partner.contact_phone,
            )
            for model, field, pk in uses[root]:
                record = model.objects.get(pk=pk)
                getattr(record, field).remove(partner)
                getattr(record, field).add(copy)


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0004_group_set_up_on'),
        ('activities', '0004_versioned_study_plan_items'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpartnerorganization',
            name='headquarters',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'parent': None}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='branches.organization', verbose_name='headquarters'),
        ),
        migrations.AddField(
            model_name='partnerorganization',
            name='headquarters',
            field=models.ForeignKey(limit_choices_to={'parent': None}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partner_directory', to='branches.organization', verbose_name='headquarters'),
        ),
        migrations.AlterField(
            model_name='historicalpartnerorganization',
            name='name',
            field=models.CharField(max_length=100, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='partnerorganization',
            name='name',
            field=models.CharField(max_length=100, verbose_name='name'),
        ),
        migrations.RunPython(assign_headquarters, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='partnerorganization',
            name='headquarters',
            field=models.ForeignKey(limit_choices_to={'parent': None}, on_delete=django.db.models.deletion.PROTECT, related_name='partner_directory', to='branches.organization', verbose_name='headquarters'),
        ),
        migrations.AddConstraint(
            model_name='partnerorganization',
            constraint=models.UniqueConstraint(fields=('headquarters', 'name'), name='partner_name_unique_per_headquarters'),
        ),
    ]
