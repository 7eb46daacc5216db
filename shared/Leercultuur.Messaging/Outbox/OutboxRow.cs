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

    public long Attempts { get; init; }
}
