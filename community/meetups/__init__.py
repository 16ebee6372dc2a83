"""City chapters, their meetups with RSVP (the capacity engine's ``meetup`` kind), and the
member profile classmates see."""
