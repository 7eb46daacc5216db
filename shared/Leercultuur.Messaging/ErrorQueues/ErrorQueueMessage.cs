namespace Leercultuur.Messaging.ErrorQueues;

/// <summary>
/// A message in an error queue as operators see it: what it was, why it failed and when. Never the
/// body, which may hold answers or organisation data.
/// </summary>
public sealed record ErrorQueueMessage(
    string? MessageId,
    IReadOnlyList<string> MessageTypes,
    string? ExceptionType,
    string? ExceptionMessage,
    string? FaultedAt,
    bool Redelivered);
