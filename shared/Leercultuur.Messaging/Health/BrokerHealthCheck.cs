using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Leercultuur.Messaging.Health;

/// <summary>
/// Ready only while the broker answers. MassTransit's own bus check reports Healthy for a host that
/// only publishes (it has no receive endpoint to fault) even when the broker is gone, and its consumers
/// notice a lost connection late; so this check keeps one small connection of its own, with heartbeats
/// and automatic recovery, and reports whether it is open.
/// </summary>
public sealed class BrokerHealthCheck(IOptions<MessagingOptions> options) : IHealthCheck, IAsyncDisposable
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private Task<IConnection>? connecting;
    private DateTimeOffset nextAttempt = DateTimeOffset.MinValue;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection is { IsOpen: true })
        {
            return HealthCheckResult.Healthy("The broker answers.");
        }

        Task<IConnection>? attempt;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is null && connecting is null && DateTimeOffset.UtcNow >= nextAttempt)
            {
                nextAttempt = DateTimeOffset.UtcNow + RetryEvery;
                connecting = ConnectAsync();
            }

            attempt = connecting;
        }
        finally
        {
            gate.Release();
        }

        if (attempt is not null)
        {
            await Task.WhenAny(attempt, Task.Delay(ConnectWait, cancellationToken));
            await CollectAsync(attempt);
        }

        return connection is { IsOpen: true }
            ? HealthCheckResult.Healthy("The broker answers.")
            : HealthCheckResult.Unhealthy("The broker does not answer.");
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task CollectAsync(Task<IConnection> attempt)
    {
        if (!attempt.IsCompleted)
        {
            return;
        }

        await gate.WaitAsync();
        try
        {
            if (connecting == attempt)
            {
                connecting = null;
                if (attempt.IsCompletedSuccessfully)
                {
                    connection = attempt.Result;
                }
                else
                {
                    // Observed: the broker is unreachable, which the check reports; there is nothing more to say.
                    _ = attempt.Exception;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private Task<IConnection> ConnectAsync()
    {
        var factory = options.Value.RabbitMq.ConnectionFactory("leercultuur readiness");

        // Once connected, the client reconnects by itself; heartbeats find a silently lost network.
        factory.AutomaticRecoveryEnabled = true;
        factory.NetworkRecoveryInterval = RetryEvery;
        factory.RequestedHeartbeat = TimeSpan.FromSeconds(10);
        factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(5);
        return factory.CreateConnectionAsync();
    }
}
