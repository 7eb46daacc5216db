using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Data a module reads once at start-up (embedded tables, instrument definitions), read on a pool thread while
/// the rest of the host is built: on two cores that overlaps a few hundred milliseconds of JSON parsing and
/// schema checking with the host's own start. The host does not start until the data is read: a load that
/// fails fails the start, as it did when it ran inline.
/// </summary>
public static class StartupLoads
{
    public static IServiceCollection AddLoadedAtStartup<T>(this IServiceCollection services, Func<T> load)
        where T : class
    {
        var loading = Task.Run(load);
        services.AddSingleton(_ => loading.GetAwaiter().GetResult());
        services.AddHostedService(_ => new Awaited(loading));
        return services;
    }

    private sealed class Awaited(Task loading) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => loading.WaitAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
