using Leercultuur.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Testing;

/// <summary>
/// A started generic host with the product's real messaging set-up and whatever services a test adds:
/// a publisher, an observer, or an outbox and inbox of a test database.
/// </summary>
public static class BusHost
{
    public static async Task<IHost> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<IServiceCollection, IConfiguration>? services = null,
        Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        services?.Invoke(builder.Services, builder.Configuration);
        builder.Services.AddLeercultuurMessaging(builder.Configuration, consumers ?? (_ => { }));
        var host = builder.Build();
        await host.StartAsync();

        // The host serves before its bus is connected (as the services do): wait until the queues exist.
        await WaitUntilHealthyAsync(host.Services.GetRequiredService<IBusControl>());
        return host;
    }

    public static Task WaitUntilHealthyAsync(IBusControl bus, TimeSpan? timeout = null) =>
        Eventually.Until(() => Task.FromResult(bus.CheckHealth().Status), status => status == BusHealthStatus.Healthy, timeout ?? TimeSpan.FromSeconds(60), "the bus to be connected");
}
