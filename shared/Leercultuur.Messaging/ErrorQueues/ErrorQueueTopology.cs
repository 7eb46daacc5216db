using MassTransit;
using RabbitMQ.Client;

namespace Leercultuur.Messaging.ErrorQueues;

/// <summary>
/// How error queues are declared: as MassTransit declares them (a fanout exchange <c>{queue}_error</c>
/// bound to a durable queue of the same name), but as classic queues without the input queue's
/// arguments. The migrate command declares them up front, because an input queue dead-letters to the
/// error exchange, and a message dead-lettered to an exchange that does not exist yet would be dropped.
/// </summary>
public static class ErrorQueueTopology
{
    private static readonly string[] InputQueueArguments = ["x-queue-type", "x-delivery-limit", "x-dead-letter-exchange", "x-dead-letter-routing-key"];

    public static string ExchangeFor(string queue) => queue + ErrorQueueTool.Suffix;

    /// <summary>MassTransit copies the input queue's arguments to its error and skipped queues; these take them off again.</summary>
    public static void AsParkingQueue(IRabbitMqQueueBindingConfigurator queue)
    {
        foreach (var argument in InputQueueArguments)
        {
            queue.SetQueueArgument(argument, null);
        }
    }

    /// <summary>Declares <c>{queue}_error</c> (exchange, queue, binding) for each queue, as MassTransit would.</summary>
    public static async Task DeclareAsync(IChannel channel, IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        foreach (var queue in queues)
        {
            var name = ExchangeFor(queue);
            await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(name, name, "", cancellationToken: cancellationToken);
        }
    }
}
