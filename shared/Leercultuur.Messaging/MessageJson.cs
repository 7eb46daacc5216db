using System.Text.Json;

namespace Leercultuur.Messaging;

/// <summary>How outbox bodies are serialised: the same camelCase JSON MassTransit puts on the wire.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
