using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Leercultuur.Messaging.Outbox;

public static class OutboxTelemetry
{
    public const string Name = "Leercultuur.Messaging.Outbox";

    /// <summary>The relay's spans link the request that wrote a row to the publish that sends it.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Rows the broker confirmed, per service: the relay's throughput.</summary>
    public static readonly Counter<long> Published = Meter.CreateCounter<long>("leercultuur.outbox.published", "{message}", "Outbox rows published and confirmed.");

    /// <summary>Publish attempts that failed and were held back: a rising rate means the broker or a row is in trouble.</summary>
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("leercultuur.outbox.failed", "{message}", "Outbox publish attempts that failed.");

    /// <summary>Rows moved to the dead-letter state after their last attempt: each needs an operator (<c>outbox dead-letters</c>, <c>outbox replay</c>).</summary>
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("leercultuur.outbox.dead_lettered", "{message}", "Outbox rows given up after their last attempt.");

    /// <summary>Rows of a message type only a newer version of the service knows, left to its relay: lasting long only when something is wrong.</summary>
    public static readonly Counter<long> LeftForNewerVersion = Meter.CreateCounter<long>("leercultuur.outbox.left_for_newer_version", "{message}", "Outbox rows of a message type this version does not know.");

    /// <summary>Redeliveries an inbox turned away: the at-least-once traffic that did not count twice.</summary>
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("leercultuur.inbox.duplicates", "{message}", "Messages an inbox had already processed.");
}
