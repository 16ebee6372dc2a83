from django.contrib import admin

from community.meetups.models import Chapter, Meetup, MemberProfile, Rsvp


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["city", "time_zone"]
    prepopulated_fields = {"slug": ["city"]}
    filter_horizontal = ["organisers"]


class RsvpInline(admin.TabularInline):
    model = Rsvp
    extra = 0
    fields = ["user", "status", "checked_in_at", "reminder_sent_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Meetup)
class MeetupAdmin(admin.ModelAdmin):
    list_display = ["title", "chapter", "starts_at", "capacity"]
    list_filter = ["chapter"]
    inlines = [RsvpInline]


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "meetup_emails"]
    search_fields = ["user__email", "city"]
