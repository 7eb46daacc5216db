using Leercultuur.Data.Settings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leercultuur.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Register the database of the service <typeparamref name="TOwner"/> from configuration section
    /// <paramref name="sectionPath"/> (validated at start-up), with a readiness check named after the service.
    /// A relative SQLite file is resolved against the directory the process was started from.
    /// </summary>
    public static IServiceCollection AddServiceDatabase<TOwner>(
        this IServiceCollection services,
        IConfiguration configuration,
        string sectionPath,
        string defaultSqliteFile)
    {
        services.AddValidatedSettings<DatabaseOptions>(configuration, sectionPath, name: sectionPath)
            .PostConfigure(options =>
            {
                if (options.Provider != DatabaseProvider.Sqlite)
                {
                    return;
                }

                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = $"Data Source={defaultSqliteFile}";
                }

                options.ConnectionString = WithAbsoluteSqlitePath(options.ConnectionString);
            });

        services.AddSingleton(sp => new Database<TOwner>(sp.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(sectionPath)));
        services.AddSingleton<Database>(sp => sp.GetRequiredService<Database<TOwner>>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TOwner>>($"{sectionPath.Replace(':', '-').ToLowerInvariant()}", tags: ["ready"]);
        return services;
    }

    // The file is then where the logs and the README say, whatever directory SQLite resolves against.
    private static string WithAbsoluteSqlitePath(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) &&
                builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
            {
                builder.DataSource = Path.GetFullPath(builder.DataSource);
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // A malformed connection string is reported when the database is first opened.
            return connectionString;
        }
    }
}
