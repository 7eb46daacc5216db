using System.Net.Sockets;
using MassTransit;

namespace Leercultuur.Messaging;

/// <summary>
/// Tells a broker that is down, unreachable, blocked or slow (retry later, the message is fine) from a
/// message the broker refuses for what it is (count it against the message).
/// </summary>
public static class BrokerFaults
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case ConnectionException or TransportUnavailableException or TimeoutException or OperationCanceledException or IOException or SocketException:
                    return true;
                case MessageNotAcknowledgedException:
                    // The broker nacked the publish: an internal error or a resource alarm, not the message.
                    return true;
                case { } other when other.GetType().Namespace?.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) == true:
                    return true;
            }
        }

        return false;
    }
}
