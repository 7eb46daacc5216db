using Leercultuur.Data;
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

/// <summary>Lets a module skip start-up migration when its database options say so.</summary>
public static class ModuleMigration
{
    public static IReadOnlyList<string> MigrateIfConfigured<TOwner>(IServiceProvider services, bool force, params System.Reflection.Assembly[] assemblies)
    {
        var database = services.GetRequiredService<Database<TOwner>>();
        if (!force && !database.Options.MigrateAtStartup)
        {
            return [];
        }

        var logger = services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger(typeof(TOwner).FullName ?? "Migrations");
        return DatabaseMigrator.Migrate(database, assemblies.Append(typeof(Messaging.MessagingOptions).Assembly), logger);
    }
}
