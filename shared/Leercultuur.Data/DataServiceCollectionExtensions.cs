using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Register the database of the service <typeparamref name="TOwner"/> from configuration section
    /// <paramref name="sectionPath"/>, with a readiness check named after the service.
    /// </summary>
    public static IServiceCollection AddServiceDatabase<TOwner>(
        this IServiceCollection services,
        IConfiguration configuration,
        string sectionPath,
        string defaultSqliteFile)
    {
        var options = new DatabaseOptions();
        configuration.GetSection(sectionPath).Bind(options);
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = $"Data Source={defaultSqliteFile}";
        }

        services.AddSingleton(new Database<TOwner>(options));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TOwner>>($"{sectionPath.Replace(':', '-').ToLowerInvariant()}", tags: ["ready"]);
        return services;
    }
}
