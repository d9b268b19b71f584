namespace Brick.Cinder.Settings;

/// <summary>
/// <c>cinder-bridge</c>'s source of Cinder's notifications: their broker, exchange, topic, the bridge's own queue, and
/// which attachments it bridges. Bound from the <c>Brick</c> section like every concern's settings; checked by
/// <see cref="NotificationsSettingsValidator"/>.
/// </summary>
public sealed class NotificationsSettings
{
    /// <summary>
    /// <c>cinder-bridge</c>: the broker Cinder's notifications come from (<c>amqp://</c> or <c>amqps://</c>, TLS as
    /// <c>Brick:Broker</c>'s). None: <c>Brick:Broker</c>, where the bridge also publishes.
    /// </summary>
    public string? NotificationsBroker { get; set; }

    /// <summary><c>cinder-bridge</c>: a file holding the password of <see cref="NotificationsBroker"/>, which overrides its URI's.</summary>
    public string? NotificationsBrokerPasswordFile { get; set; }

    /// <summary><c>cinder-bridge</c>: the topic exchange Cinder notifies on (its <c>control_exchange</c>).</summary>
    public string NotificationsExchange { get; set; } = "openstack";

    /// <summary>
    /// <c>cinder-bridge</c>: whether that exchange is durable, as oslo.messaging declares it (its <c>amqp_durable_queues</c>,
    /// false by default): RabbitMQ refuses a second declaration that differs.
    /// </summary>
    public bool NotificationsExchangeDurable { get; set; }

    /// <summary><c>cinder-bridge</c>: the routing key of Cinder's notifications (its notification topic and priority).</summary>
    public string NotificationsTopic { get; set; } = "notifications.info";

    /// <summary><c>cinder-bridge</c>: the bridge's own durable queue, bound to that exchange with that key.</summary>
    public string NotificationsQueue { get; set; } = "brick-cinder-bridge";

    /// <summary><c>cinder-bridge</c>: also bridge attachments that have an <c>instance_uuid</c> (Nova extends those itself).</summary>
    public bool IncludeInstanceAttachments { get; set; }
}
