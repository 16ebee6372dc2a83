from django.urls import path

from coaching.slots import views

app_name = "coaching_slots"

urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("slots/<int:slot_id>/book/", views.book, name="book"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:booking_id>/calendar.ics", views.booking_calendar, name="calendar"),
    path("coach/", views.coach_slots, name="coach_slots"),
    path("coach/slots/<int:slot_id>/withdraw/", views.coach_slot_withdraw, name="withdraw"),
]
