using System.Diagnostics;
using Leercultuur.Organisations.Registration;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Standalone.Seeding;

/// <summary>
/// Loads a synthetic data set through the same application services the APIs call: organisations are
/// registered (and replicated over the bus), scans started, answered and completed, and reporting
/// aggregates them from the events. Runs once, on an empty database, after the host has started.
/// </summary>
public sealed class DemoSeeder(
    IHostApplicationLifetime lifetime,
    OrganisationService organisations,
    OrganisationReplica replica,
    ScanService scans,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    // The seeder acts as an admin would, through the same application services as the API.
    private static readonly Caller Seeder = new("demo-seeder", new HashSet<string> { Roles.Admin }, null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        if ((await organisations.ListAsync(new OrganisationFilter(null, null, null, null, null, null), null, 1, Seeder, stoppingToken)).Rows.Count > 0)
        {
            logger.LogInformation("Demo data not loaded: the organisation database is not empty");
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        var data = new DemoData(seed: 2026);
        var registered = new List<(Guid Id, double Climate)>();
        foreach (var organisation in data.Organisations())
        {
            var outcome = await organisations.RegisterAsync(organisation.Request, Seeder, stoppingToken);
            if (outcome.IsOk)
            {
                registered.Add((outcome.Value!.Id, organisation.Climate));
            }
        }

        await WaitForReplicationAsync(registered.Select(r => r.Id).ToList(), stoppingToken);

        var completed = 0;
        foreach (var (organisationId, climate) in registered)
        {
            foreach (var plan in data.ScansFor(climate))
            {
                var start = await scans.StartAsync(new StartScanRequest { OrganisationId = organisationId, Instrument = DemoData.Instrument, Period = plan.Period }, Seeder, stoppingToken);
                foreach (var answers in plan.Responses)
                {
                    await scans.SubmitAsync(start.Value!.Id, new SubmitResponseRequest { RespondentToken = start.Value.RespondentToken, Answers = answers }, stoppingToken);
                }

                if ((await scans.CompleteAsync(start.Value!.Id, Seeder, stoppingToken)).IsOk)
                {
                    completed++;
                }
            }
        }

        logger.LogInformation(
            "Demo data loaded: {Organisations} organisations, {Scans} completed scans in {Seconds:F1} s",
            registered.Count,
            completed,
            stopwatch.Elapsed.TotalSeconds);
    }

    private async Task WaitForReplicationAsync(IReadOnlyList<Guid> ids, CancellationToken stoppingToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var id in ids)
        {
            while (await replica.FindAsync(id, stoppingToken) is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Organisations did not reach the scan service's replica in time.");
                }

                await Task.Delay(50, stoppingToken);
            }
        }
    }
}
