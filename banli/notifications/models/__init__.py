"""Notifications: the in-app inbox, each user's channels, outbound email and SMS, and the reminder ledger."""

from banli.notifications.models.inbox import EmailMode, Notification, NotificationPreference
from banli.notifications.models.outbound import Channel, Delivery, Digest, OutboundState
from banli.notifications.models.reminders import Reminder, ReminderPolicy

__all__ = [
    "Channel",
    "Delivery",
    "Digest",
    "EmailMode",
    "Notification",
    "NotificationPreference",
    "OutboundState",
    "Reminder",
    "ReminderPolicy",
]
