using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>
/// Deployments start services in any order. The migrate command declares each service's queues and
/// bindings, so an event published before its consumer ever ran waits in its queue instead of being dropped.
/// </summary>
public sealed class DeploymentOrderTests
{
    [Fact]
    public async Task Organisations_registered_before_the_scan_service_ever_started_reach_it_after_the_migrate_command()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var organisationsDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var scansDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var scansSettings = broker.Settings().Concat(scansDb.Settings("Scans:Database")).ToList();

        // The deployment's first step, as a job: migrate the databases and declare the topology.
        var (exitCode, output) = await ServiceProcess.RunCommandAsync("Leercultuur.Scans", scansSettings, "migrate");
        Assert.True(exitCode == 0, output);
        Assert.Contains("broker topology deployed: scans-organisations", output);

        // The publisher comes first and registers organisations; their events go out before any consumer runs.
        var registered = new List<Guid>();
        using (var organisations = await ServiceProcess.StartAsync("Leercultuur.Organisations", broker.Settings().Concat(organisationsDb.Settings("Organisations:Database"))))
        {
            var client = new ApiClient(new HttpClient { BaseAddress = organisations.BaseAddress }, null!, null!);
            for (var i = 0; i < 5; i++)
            {
                registered.Add(await client.RegisterAsync($"76{i:D6}"));
            }

            await Eventually.Until(() => CountAsync(organisationsDb, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"), n => n == 0, TimeSpan.FromSeconds(60), "every event to be published");
        }

        using (await ServiceProcess.StartAsync("Leercultuur.Scans", scansSettings))
        {
            await Eventually.Until(() => CountAsync(scansDb, "SELECT COUNT(*) FROM organisation_replicas"), n => n == registered.Count, TimeSpan.FromSeconds(60), "every organisation in the scan service's replica");
        }

        await using var connection = await new Database(scansDb.Options).OpenAsync();
        Assert.Equal(registered.Order(), (await connection.QueryAsync<Guid>("SELECT organisation_id FROM organisation_replicas")).Order());
    }

    private static async Task<int> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
