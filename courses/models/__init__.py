"""Models of the ``courses`` app, one module per concern, re-exported here.

``pages`` holds the curriculum editors write in Wagtail (course > week > lesson);
``cohorts`` holds the classes that take it: cohorts, enrollments and the release schedule.
"""

from .cohorts import (
    CoachRole,
    Cohort,
    CohortCoach,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTier,
    ReleaseSource,
    WeekRelease,
    WeekScheduleOverride,
)
from .notifications import (
    CatchUpNotice,
    CohortChangeKind,
    CohortChangeLog,
    DigestNotice,
    NoticeStatus,
    NotificationMode,
    NotificationPreference,
    ReleaseFanOut,
    ReleaseNotice,
    SkipReason,
)
from .pages import WEEKS_PER_COURSE, CourseCoach, CourseFAQ, CoursePage, LessonPage, WeekPage
from .progress import (
    Certificate,
    CertificateStatus,
    CompletionRule,
    LessonProgress,
)
from .summaries import LessonDoneCount, PlaceCount

__all__ = [
    "WEEKS_PER_COURSE",
    "CatchUpNotice",
    "Certificate",
    "CertificateStatus",
    "CoachRole",
    "Cohort",
    "CohortChangeKind",
    "CohortChangeLog",
    "CohortCoach",
    "CompletionRule",
    "CourseCoach",
    "CourseFAQ",
    "CoursePage",
    "DigestNotice",
    "Enrollment",
    "EnrollmentSource",
    "EnrollmentStatus",
    "EnrollmentTier",
    "LessonDoneCount",
    "LessonPage",
    "LessonProgress",
    "NoticeStatus",
    "NotificationMode",
    "NotificationPreference",
    "PlaceCount",
    "ReleaseFanOut",
    "ReleaseNotice",
    "ReleaseSource",
    "SkipReason",
    "WeekPage",
    "WeekRelease",
    "WeekScheduleOverride",
]
