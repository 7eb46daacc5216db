namespace Leercultuur.Messaging;

/// <summary>The <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    public MessagingTransport Transport { get; set; } = MessagingTransport.RabbitMq;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public static readonly int[] DefaultRetryIntervalsMs = [100, 500, 2000];

    /// <summary>
    /// Short in-memory retries for passing faults (milliseconds); after the last, the message goes to
    /// <c>&lt;queue&gt;_error</c>. Empty by default because the configuration binder appends to an
    /// array's existing items instead of replacing them; <see cref="RetryIntervals"/> applies the default.
    /// </summary>
    public int[] RetryIntervalsMs { get; set; } = [];

    public int[] RetryIntervals => RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : DefaultRetryIntervalsMs;

    public OutboxOptions Outbox { get; set; } = new();
}

public enum MessagingTransport
{
    RabbitMq,

    /// <summary>In-process only: the standalone host, where all consumers live in the same process.</summary>
    InMemory,
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>Unacknowledged messages per consumer; RabbitMQ advises 100–300.</summary>
    public ushort PrefetchCount { get; set; } = 128;

    /// <summary>
    /// Quorum-queue <c>x-delivery-limit</c>: RabbitMQ 3.10 has no default, so a message that crashes its
    /// consumer would otherwise be redelivered for ever.
    /// </summary>
    public int DeliveryLimit { get; set; } = 10;
}

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for unsent rows when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim holds; a relay that dies leaves its rows to others once this passes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent rows are kept this long for diagnosis, then deleted.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);
}
