using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Testing;

/// <summary>Listens on a host's real bus for the first message of a type, on a queue of the test's own.</summary>
public static class BusProbe
{
    public static async Task<TaskCompletionSource<T>> ListenAsync<T>(IServiceProvider services, string queue)
        where T : class
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = services.GetRequiredService<IBus>().ConnectReceiveEndpoint(queue, endpoint =>
            endpoint.Handler<T>(context =>
            {
                received.TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        await handle.Ready;
        return received;
    }
}
