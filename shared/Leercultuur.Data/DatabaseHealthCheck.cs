using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Leercultuur.Data;

/// <summary>Ready when a connection opens and answers a trivial query.</summary>
public sealed class DatabaseHealthCheck<TOwner>(Database<TOwner> database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.Provider} answers.");
        }
        catch (Exception exception)
        {
            // The exception type only: connection strings and server messages may hold secrets.
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer ({exception.GetType().Name}).");
        }
    }
}
