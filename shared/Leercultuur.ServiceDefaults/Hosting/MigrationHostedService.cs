using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Migrates every module's database when the host starts, if its options ask for it. Registered before
/// the bus and the outbox relays, so nothing touches a table before it exists.
/// </summary>
internal sealed class MigrationHostedService(IServiceProvider services, IEnumerable<IServiceModule> modules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var module in modules)
        {
            module.Migrate(services, force: false);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
