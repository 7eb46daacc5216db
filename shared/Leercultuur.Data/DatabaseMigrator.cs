using System.Reflection;
using DbUp;
using DbUp.Builder;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Data;

/// <summary>
/// Runs the per-engine SQL scripts embedded under <c>Migrations/{Provider}/</c> in the given assemblies,
/// each script once, in name order, each in its own transaction. Replicas that start together take
/// turns on a migration lock, so the second finds the work done instead of failing half-way.
/// </summary>
public static class DatabaseMigrator
{
    public static IReadOnlyList<string> Migrate(Database database, IEnumerable<Assembly> assemblies, ILogger logger)
    {
        var connectionString = database.Options.ConnectionString;

        // DbUp would otherwise write to standard output, connection string included.
        var log = new DbUpLog(logger);
        using var migrationLock = MigrationLock.Acquire(database);
        UpgradeEngineBuilder builder;
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder = DeployChanges.To.SqliteDatabase(connectionString);
                break;
            case DatabaseProvider.PostgreSql:
                EnsureDatabase.For.PostgresqlDatabase(connectionString, log);
                builder = DeployChanges.To.PostgresqlDatabase(connectionString);
                break;
            case DatabaseProvider.SqlServer:
                EnsureDatabase.For.SqlDatabase(connectionString, log, -1, DbUp.SqlServer.AzureDatabaseEdition.None, null!, null!, false);
                builder = DeployChanges.To.SqlDatabase(connectionString);
                break;
            default:
                throw new InvalidOperationException($"Unknown provider {database.Provider}.");
        }

        var folder = $".Migrations.{database.Provider}.";
        foreach (var assembly in assemblies.Distinct())
        {
            builder = builder.WithScriptsEmbeddedInAssembly(assembly, name => name.Contains(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal));
        }

        var result = builder.WithTransactionPerScript().LogTo(log).Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration script {result.ErrorScript?.Name} failed.", result.Error);
        }

        var applied = result.Scripts.Select(s => s.Name).ToList();
        foreach (var script in applied)
        {
            logger.LogInformation("Applied migration {Script}", script);
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            EnableWriteAheadLog(database);
        }

        return applied;
    }

    /// <summary>The names of every embedded script for one provider, for tests that parse them.</summary>
    public static IEnumerable<(string Name, string Sql)> EmbeddedScripts(Assembly assembly, DatabaseProvider provider)
    {
        var folder = $".Migrations.{provider}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }

    // WAL is a property of the database file, so setting it once is enough: readers then never block the writer.
    private static void EnableWriteAheadLog(Database database)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
