from django.contrib import admin

from core.admin import FixedOnChangeAdmin, HistoryAdmin

from .models import Member, Officer, Organization, PartnerOrganization, PartyGroup


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "parent", "founded_on", "committee_term_end"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "project_name"]


@admin.register(PartyGroup)
class PartyGroupAdmin(FixedOnChangeAdmin):
    list_display = ["name", "branch", "leader"]
    list_select_related = ["branch", "leader"]
    search_fields = ["name", "branch__name"]


@admin.register(Member)
class MemberAdmin(FixedOnChangeAdmin):
    list_display = ["name", "branch", "status", "committee_role", "user"]
    list_filter = ["status", "committee_role"]
    list_select_related = ["branch", "user"]
    search_fields = ["name", "branch__name", "user__username"]
    raw_id_fields = ["user", "group"]


@admin.register(Officer)
class OfficerAdmin(HistoryAdmin):
    list_display = ["user", "organization", "title"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user"]


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(HistoryAdmin):
    list_display = ["name", "headquarters", "contact_person", "contact_phone"]
    list_filter = ["headquarters"]
    search_fields = ["name"]
