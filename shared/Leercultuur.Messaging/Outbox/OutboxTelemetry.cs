using System.Diagnostics;

namespace Leercultuur.Messaging.Outbox;

public static class OutboxTelemetry
{
    /// <summary>The relay's spans link the request that wrote a row to the publish that sends it.</summary>
    public static readonly ActivitySource Source = new("Leercultuur.Messaging.Outbox");
}
