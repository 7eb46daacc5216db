using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Leercultuur.Messaging.ErrorQueues;

/// <summary>
/// Lists and replays the messages MassTransit moved to <c>&lt;queue&gt;_error</c>. A replay sends the
/// message back to its queue as it was, message id included, so the consumer's inbox turns away a
/// message that had in fact taken effect: replaying twice is safe.
/// </summary>
/// <remarks>
/// Listing reads messages without acknowledging them and then returns them to the queue. Error queues
/// are classic queues with no delivery limit (<see cref="ErrorQueueTopology"/>), so listing never drops
/// a message however often it is done.
/// </remarks>
public sealed class ErrorQueueTool(IOptions<MessagingOptions> options)
{
    public const string Suffix = "_error";

    // MassTransit's fault headers: how the consumer failed. Dropped on replay, the message is then as first sent.
    private const string FaultHeaderPrefix = "MT-Fault-";
    private static readonly string[] MoveHeaders = ["MT-Reason", "MT-Host-MachineName", "MT-Host-ProcessName", "MT-Host-ProcessId", "MT-Host-Assembly", "MT-Host-AssemblyVersion", "MT-Host-MassTransitVersion", "MT-Host-FrameworkVersion", "MT-Host-OperatingSystemVersion"];

    /// <summary>Declares the error queue of each given queue, so that dead-lettering to it can never drop a message.</summary>
    public async Task DeclareAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await ErrorQueueTopology.DeclareAsync(channel, queues, cancellationToken);
    }

    /// <summary>How many messages wait in the error queue of each given queue (0 when it does not exist).</summary>
    public async Task<IReadOnlyList<(string Queue, uint Messages)>> CountAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var counts = new List<(string, uint)>();
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes the channel, so each gets its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue + Suffix, cancellationToken);
                counts.Add((queue + Suffix, declared.MessageCount));
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                counts.Add((queue + Suffix, 0));
            }
        }

        return counts;
    }

    /// <summary>Up to <paramref name="max"/> messages of <c>{queue}_error</c>, left in the queue.</summary>
    public async Task<IReadOnlyList<ErrorQueueMessage>> ListAsync(string queue, int max, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<ErrorQueueMessage>();
        ulong last = 0;
        while (messages.Count < max && await channel.BasicGetAsync(queue + Suffix, autoAck: false, cancellationToken) is { } result)
        {
            messages.Add(Describe(result));
            last = result.DeliveryTag;
        }

        if (last > 0)
        {
            await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken);
        }

        return messages;
    }

    /// <summary>Moves up to <paramref name="max"/> messages from <c>{queue}_error</c> back to <paramref name="queue"/>; returns how many.</summary>
    public async Task<int> ReplayAsync(string queue, int max, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var moved = 0;
        while (moved < max && await channel.BasicGetAsync(queue + Suffix, autoAck: false, cancellationToken) is { } result)
        {
            var properties = new BasicProperties(result.BasicProperties);
            if (properties.Headers is { } headers)
            {
                foreach (var key in headers.Keys.Where(k => k.StartsWith(FaultHeaderPrefix, StringComparison.Ordinal) || MoveHeaders.Contains(k)).ToList())
                {
                    headers.Remove(key);
                }
            }

            // Straight to the queue through the default exchange: only this consumer sees it again.
            // With tracked confirms the publish returns once the broker has the message; only then is
            // it removed from the error queue, so a crash in between leaves a duplicate, never a loss.
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, result.Body, cancellationToken);
            await channel.BasicAckAsync(result.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static ErrorQueueMessage Describe(BasicGetResult result)
    {
        var headers = result.BasicProperties.Headers;
        return new ErrorQueueMessage(
            result.BasicProperties.MessageId,
            MessageTypes(result.Body),
            Header(headers, "MT-Fault-ExceptionType"),
            Header(headers, "MT-Fault-Message"),
            Header(headers, "MT-Fault-Timestamp"),
            result.Redelivered);
    }

    // The envelope names its types; nothing else of the body is read.
    private static IReadOnlyList<string> MessageTypes(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                ? types.EnumerateArray().Select(t => t.GetString() ?? "").ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        options.Value.RabbitMq.ConnectionFactory("leercultuur error-queue tool").CreateConnectionAsync(cancellationToken);
}
