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


def _creators_root(apps, partner):
    """The headquarters of whoever entered the partner (an officer's or a member's), if
    the history tells."""
    History = apps.get_model("branches", "HistoricalPartnerOrganization")
    created = History.objects.filter(id=partner.pk, history_type="+").first()
    user_id = created.history_user_id if created else None
    if user_id is None:
        return None
    for model, path_field in (("Officer", "organization__path"), ("Member", "branch__path")):
        path = (
            apps.get_model("branches", model)
            .objects.filter(user_id=user_id)
            .values_list(path_field, flat=True)
            .first()
        )
        if path:
            return _root(path)
    return None


def assign_headquarters(apps, schema_editor):
    Partner = apps.get_model("branches", "PartnerOrganization")
    Organization = apps.get_model("branches", "Organization")
    only_root = list(Organization.objects.filter(parent=None).values_list("pk", flat=True)[:2])
    for partner in Partner.objects.order_by("pk"):
        uses = {}  # root id -> [(model, record pk)]
        for app_label, model_name, field, path_field in LINKS:
            model = apps.get_model(app_label, model_name)
            for pk, path in model.objects.filter(**{field: partner}).values_list("pk", path_field):
                uses.setdefault(_root(path), []).append((model, field, pk))
        # A partner nothing names goes to whoever entered it, or to the one headquarters
        # there is; never to a company that might not be its own.
        unused = _creators_root(apps, partner) or (only_root[0] if len(only_root) == 1 else None)
        roots = sorted(uses) or ([unused] if unused else [])
        if not roots:
            partner.delete()  # named by no record, and nobody's for certain
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
    # The data step runs in a transaction of its own: on PostgreSQL, rows it deletes leave
    # constraint triggers pending, and the ALTER TABLE after it cannot share their
    # transaction.
    atomic = False

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
