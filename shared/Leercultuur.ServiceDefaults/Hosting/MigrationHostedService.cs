using Leercultuur.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Says where each module's data lives and migrates its database when the host starts, if its options
/// ask for it. Registered before the bus and the outbox relays, so nothing touches a table before it exists.
/// </summary>
internal sealed class MigrationHostedService(IServiceProvider services, IEnumerable<IServiceModule> modules, ILogger<MigrationHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var database in services.GetServices<Database>())
        {
            logger.LogInformation("{Owner} data: {Location}", database.Owner, database.Describe());
        }

        foreach (var module in modules)
        {
            module.Migrate(services, force: false);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
