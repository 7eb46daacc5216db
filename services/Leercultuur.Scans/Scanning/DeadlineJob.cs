using Microsoft.Extensions.Options;

namespace Leercultuur.Scans.Scanning;

/// <summary>The <c>Scans:Deadlines</c> section.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Scans:Deadlines";

    /// <summary>How often open scans are checked against their deadline: a scan closes at most this long after it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Closes scans at their deadline (<see cref="ScanService.CloseDueAsync"/>), every <see cref="DeadlineOptions.Interval"/>.</summary>
public sealed class DeadlineJob(ScanService scans, IOptions<DeadlineOptions> options, TimeProvider time, ILogger<DeadlineJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (completed, expired) = await scans.CloseDueAsync(stoppingToken);
                if (completed + expired > 0)
                {
                    logger.LogInformation("Scans past their deadline: {Completed} completed, {Expired} expired", completed, expired);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database outage: the next tick tries again; nothing is lost, the scans stay open until then.
                logger.LogWarning("The deadline pass failed ({Exception}); it runs again in {Interval}", exception.GetType().Name, options.Value.Interval);
            }
        }
    }
}
