using Microsoft.Extensions.Options;

namespace Leercultuur.Scans.Instruments;

public sealed class InstrumentSyncOptions
{
    public const string Section = "Scans:Instruments";

    /// <summary>How often the catalog is reloaded from the database, for versions uploaded or published through another instance.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Stores the shipped definitions at start-up (after the migrations, before requests) and reloads the
/// catalog now and then, so every instance serves what any instance published.
/// </summary>
public sealed class InstrumentSync(InstrumentStore store, IOptions<InstrumentSyncOptions> options, ILogger<InstrumentSync> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.SyncShippedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The catalog in memory stays as it was; the next tick tries again.
                logger.LogWarning(exception, "Reloading the instrument catalog failed");
            }
        }
    }
}
