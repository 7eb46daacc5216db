using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Messaging;

/// <summary>The <c>Messaging</c> configuration section, validated at start-up.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    [EnumDataType(typeof(MessagingTransport), ErrorMessage = "must be RabbitMq or InMemory.")]
    public MessagingTransport Transport { get; set; } = MessagingTransport.RabbitMq;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public static readonly int[] DefaultRetryIntervalsMs = [100, 500, 2000];

    /// <summary>
    /// Short in-memory retries (milliseconds) for faults that are not passing infrastructure faults;
    /// after the last, the message goes to <c>&lt;queue&gt;_error</c>. Empty by default because the
    /// configuration binder appends to an array's existing items instead of replacing them;
    /// <see cref="RetryIntervals"/> applies the default.
    /// </summary>
    [MaxLength(10, ErrorMessage = "takes at most 10 intervals.")]
    public int[] RetryIntervalsMs { get; set; } = [];

    public int[] RetryIntervals => RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : DefaultRetryIntervalsMs;

    /// <summary>How long a consumer waits out a database or broker outage before a message goes to the error queue.</summary>
    public TransientRetryOptions TransientRetry { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public InboxOptions Inbox { get; set; } = new();

    /// <summary>
    /// Per receive endpoint (queue name, for example <c>reporting-scan-completed</c>): prefetch and
    /// concurrency that override the defaults; what is set here is what the broker sees.
    /// </summary>
    public Dictionary<string, EndpointOptions> Endpoints { get; set; } = new(StringComparer.Ordinal);
}

public enum MessagingTransport
{
    RabbitMq,

    /// <summary>In-process only: the standalone host, where all consumers live in the same process.</summary>
    InMemory,
}

public sealed class RabbitMqOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535, ErrorMessage = "must be a port from 1 to 65535.")]
    public int Port { get; set; } = 5672;

    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string VirtualHost { get; set; } = "/";

    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>Unacknowledged messages per consumer; RabbitMQ advises 100–300. Every endpoint gets this unless <see cref="MessagingOptions.Endpoints"/> says otherwise (MassTransit raises a batch consumer's queue to its batch size × concurrent batches).</summary>
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000.")]
    public int PrefetchCount { get; set; } = 128;

    /// <summary>
    /// Quorum-queue <c>x-delivery-limit</c>: RabbitMQ 3.10 has no default, so a message that crashes its
    /// consumer would otherwise be redelivered for ever.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>A RabbitMQ.Client connection factory for this broker, for the tools that talk to it beside MassTransit.</summary>
    public RabbitMQ.Client.ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        ClientProvidedName = clientName,
    };
}

public sealed class EndpointOptions
{
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000.")]
    public int? PrefetchCount { get; set; }

    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int? ConcurrentMessageLimit { get; set; }
}

/// <summary>
/// Exponential retries for passing infrastructure faults (a database or broker that is down, restarting
/// or overloaded). With the defaults a consumer waits about 13 minutes before giving a message up to the
/// error queue; a poison message, which is no such fault, goes there after the short retries.
/// </summary>
public sealed class TransientRetryOptions : IValidatableObject
{
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int Limit { get; set; } = 30;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an outage can last before a message gives up: the sum of the retry intervals.</summary>
    public TimeSpan Patience()
    {
        var total = TimeSpan.Zero;
        for (var attempt = 0; attempt < Limit; attempt++)
        {
            total += Interval(attempt);
        }

        return total;
    }

    public TimeSpan Interval(int attempt)
    {
        var exponential = MinInterval.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, MaxInterval.TotalMilliseconds));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinInterval < TimeSpan.FromMilliseconds(10) || MaxInterval < MinInterval)
        {
            yield return new ValidationResult("must have MinInterval of at least 10 ms and MaxInterval not below it.", [nameof(MinInterval), nameof(MaxInterval)]);
        }
        else if (Patience() < TimeSpan.FromMinutes(10) || Patience() > TimeSpan.FromMinutes(25))
        {
            // At least 10 minutes, so an ordinary outage is waited out; at most 25, below RabbitMQ's
            // 30-minute consumer timeout, after which the broker would take the message back.
            yield return new ValidationResult(
                $"must wait out an outage of 10 to 25 minutes before a message goes to the error queue; these settings give up after {Patience().TotalMinutes:F1}.",
                [nameof(Limit), nameof(MaxInterval)]);
        }
    }
}

public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>The slowest a publish with confirm may be assumed to take when checking the lease against the batch size.</summary>
    public static readonly TimeSpan SlowPublish = TimeSpan.FromMilliseconds(10);

    /// <summary>How often the relay looks for unsent rows when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per pass. At most 1000, so a pass's key list stays small for every engine.</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// The most publishes awaiting the broker's confirm at once. The relay starts with one and doubles while
    /// the broker confirms them all, from pass to pass (and goes back to one after a fault), so a backlog
    /// costs one round trip per window, not per row. 1 publishes row by row.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int MaxPublishesInFlight { get; set; } = 500;

    /// <summary>How long a claim holds; a relay that dies leaves its rows to others once this passes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one publish may wait for the broker's confirm before the relay gives up the pass; in a window of
    /// several, each may wait <see cref="SlowPublish"/> longer for every publish ahead of it.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed publishes of one row (not counting broker outages) before it moves to the dead-letter state.</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000.")]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Sent rows are kept this long for diagnosis, then deleted in batches.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("must be from 10 ms to 1 hour.", [nameof(PollInterval)]);
        }

        if (PublishTimeout < TimeSpan.FromMilliseconds(100))
        {
            yield return new ValidationResult("must be at least 100 ms.", [nameof(PublishTimeout)]);
        }

        // A pass stops publishing before its lease ends (OutboxRelay), but a lease too short for one
        // batch would make every pass give up half-way and another relay publish the rest again.
        var needed = PublishTimeout + (SlowPublish * BatchSize);
        if (LeaseDuration < needed || LeaseDuration < PublishTimeout * 2)
        {
            yield return new ValidationResult(
                $"must cover a whole batch: at least twice PublishTimeout and at least PublishTimeout + BatchSize × {SlowPublish.TotalMilliseconds} ms ({needed.TotalSeconds:F1} s here).",
                [nameof(LeaseDuration)]);
        }

        if (SentRetention < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("must be at least one minute.", [nameof(SentRetention)]);
        }
    }
}

public sealed class InboxOptions : IValidatableObject
{
    /// <summary>
    /// How long a processed message id is remembered. Longer than any redelivery or replay window (the
    /// transient retry, an error-queue replay, a relay that dies before marking): a message arriving
    /// again after this is no longer recognised as a duplicate.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 100_000, ErrorMessage = "must be from 1 to 100000.")]
    public int CleanupBatchSize { get; set; } = 5000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention < TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("must be at least one day: it must outlast every redelivery and replay.", [nameof(Retention)]);
        }

        if (CleanupInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("must be at least one second.", [nameof(CleanupInterval)]);
        }
    }
}
