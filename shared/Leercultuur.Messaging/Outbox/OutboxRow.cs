namespace Leercultuur.Messaging.Outbox;

/// <summary>A claimed outbox row as the relay reads it.</summary>
public sealed class OutboxRow
{
    public long Id { get; init; }

    public Guid MessageId { get; init; }

    public string MessageType { get; init; } = "";

    public string Body { get; init; } = "";

    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>Failed publishes so far that counted against the row.</summary>
    public long Attempts { get; init; }
}

/// <summary>A row the relay gave up on, as operators list it: what, how often, why; never the body.</summary>
public sealed class DeadLetter
{
    public long Id { get; init; }

    public Guid MessageId { get; init; }

    public string MessageType { get; init; } = "";

    public long Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset DeadLetteredAt { get; init; }
}
