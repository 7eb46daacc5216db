using Leercultuur.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.ServiceDefaults.Hosting;

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
        // Every service's database also holds the outbox and inbox (Messaging) and the idempotency keys (ServiceDefaults).
        return DatabaseMigrator.Migrate(database, assemblies.Append(typeof(Messaging.MessagingOptions).Assembly).Append(typeof(ModuleMigration).Assembly), logger);
    }
}
