namespace Brick.Cinder.Notifications;

/// <summary>A delivery that is not an oslo notification the bridge can read: kept in the error queue as <c>InvalidNotification</c>.</summary>
public sealed class InvalidNotificationException(string message) : Exception(message);
